import type { JobStore } from './jobStore.ts';

/** A pending job no worker claimed within this long is re-invoked (its invocation got lost). */
export const SWEEP_PENDING_GRACE_SECONDS = 10;
/** Jobs re-invoked per sweep; the rest wait for the next one (oldest first). */
export const SWEEP_LIMIT = 100;

export interface SweepOptions {
  store: JobStore;
  /** Starts a worker for a job: the route's invoker, or the worker invoking itself. */
  invoke: (jobId: string) => Promise<void>;
  /** Default `SWEEP_PENDING_GRACE_SECONDS` (10). */
  pendingGraceSeconds?: number;
  /** Default `SWEEP_LIMIT` (100). */
  limit?: number;
}

export interface SweepResult {
  /** Jobs the sweep re-invoked. */
  invoked: string[];
  /** Of those, the invocations that failed (the next sweep tries them again). */
  failed: string[];
}

/**
 * One run of the scheduled sweep: the database fails jobs past their budgets and names the ones
 * that need a worker (lease expired, or pending and never claimed), by its own clock; this invokes
 * a worker for each. Claims are atomic, so a job invoked twice still runs once.
 */
export async function sweepStaleJobs(options: SweepOptions): Promise<SweepResult> {
  const ids = await options.store.sweepJobs(options.pendingGraceSeconds ?? SWEEP_PENDING_GRACE_SECONDS, options.limit ?? SWEEP_LIMIT);
  const outcomes = await Promise.allSettled(ids.map((id) => options.invoke(id)));
  return { invoked: ids, failed: ids.filter((_, i) => outcomes[i]!.status === 'rejected') };
}
