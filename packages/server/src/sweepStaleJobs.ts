import type { JobStore } from './jobStore.ts';

/** Jobs re-invoked per sweep; the rest wait for the next one (oldest first). */
export const SWEEP_LIMIT = 100;

export interface SweepOptions {
  store: JobStore;
  /** Starts a worker for a job: the route's invoker, or the worker invoking itself. */
  invoke: (jobId: string) => Promise<void>;
  /** How long a pending job may wait for its first claim before it counts as stale. Default: the database's (10 s). */
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
 * One run of the scheduled sweep: the database fails jobs past their budgets and names the stale
 * ones (`talk_track_job_is_stale`, by its own clock); this invokes a worker for each. Claims are
 * atomic, so a job invoked twice still runs once.
 */
export async function sweepStaleJobs(options: SweepOptions): Promise<SweepResult> {
  const ids = await options.store.sweepJobs(options.pendingGraceSeconds ?? null, options.limit ?? SWEEP_LIMIT);
  const outcomes = await Promise.allSettled(ids.map((id) => options.invoke(id)));
  return { invoked: ids, failed: ids.filter((_, i) => outcomes[i]!.status === 'rejected') };
}
