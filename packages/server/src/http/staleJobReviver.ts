import { type Clock, systemClock } from '../shared/clock.ts';
import type { JobSummary } from '../jobStore.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';
import type { WorkerInvoker } from '../shared/workerInvoker.ts';

/** A pending job the worker has not claimed within this long lost its invocation (the route's call failed or timed out). */
export const PENDING_GRACE_MS = 10_000;
/** Status reads come every ~3 s from every open tab; one revival per job in this window is enough. */
export const REVIVE_THROTTLE_MS = 5_000;
// Bounds the memory of a long-lived handler; old entries are past their throttle window anyway.
const MAX_TRACKED_JOBS = 1_000;

/** Whether `job` needs a worker: processing with an expired lease (the worker died), or pending and unclaimed past the grace. */
export function isStaleJob(job: JobSummary, now: number, pendingGraceMs: number = PENDING_GRACE_MS): boolean {
  if (job.status === 'processing') return job.leaseExpiresAt !== null && Date.parse(job.leaseExpiresAt) < now;
  if (job.status === 'pending') return job.leaseOwner === null && now - Date.parse(job.updatedAt) > pendingGraceMs;
  return false;
}

/**
 * When status reads revive stuck jobs. The defaults suit a real edge function; lower them only
 * where an invocation is cheap and a lost one should be noticed sooner (tests, a local stack).
 */
export interface StaleJobTiming {
  /** How long a pending job may wait for its first claim before a read re-invokes the worker. Default `PENDING_GRACE_MS` (10 s). */
  pendingGraceMs?: number;
  /** At most one revival per job per this window, per handler instance. Default `REVIVE_THROTTLE_MS` (5 s). */
  reviveThrottleMs?: number;
}

export interface StaleJobReviver {
  /** Re-invokes the worker for `job` when it is stale and was not revived within the throttle window. Never waits, never throws. */
  reviveIfStale(job: JobSummary): void;
}

export interface StaleJobReviverOptions extends StaleJobTiming {
  worker: WorkerInvoker;
  logger: TalkTrackLogger;
  /** Keeps the invocation alive after the response on platforms that freeze the function (Vercel's `waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
}

/**
 * Lets status reads stand in for a cron: whoever polls a stuck job wakes its worker. The claim in
 * the database is atomic, so an extra invocation from another handler instance is harmless; the
 * throttle only keeps one instance from invoking on every poll.
 */
export function createStaleJobReviver(options: StaleJobReviverOptions): StaleJobReviver {
  const clock = options.clock ?? systemClock;
  const pendingGraceMs = nonNegative('pendingGraceMs', options.pendingGraceMs ?? PENDING_GRACE_MS);
  const reviveThrottleMs = nonNegative('reviveThrottleMs', options.reviveThrottleMs ?? REVIVE_THROTTLE_MS);
  const lastRevivedAt = new Map<string, number>();

  return {
    reviveIfStale(job) {
      const at = clock.now();
      if (!isStaleJob(job, at, pendingGraceMs)) return;
      const last = lastRevivedAt.get(job.id);
      if (last !== undefined && at - last < reviveThrottleMs) return;
      remember(lastRevivedAt, job.id, at);

      const invocation = options.worker.invoke(job.id).catch((error: unknown) => {
        options.logger.warn(`Could not re-invoke the worker for stale job ${job.id}; the next status read will try again.`, { jobId: job.id, error });
      });
      options.waitUntil?.(invocation);
    },
  };
}

function remember(map: Map<string, number>, jobId: string, at: number): void {
  map.delete(jobId);
  map.set(jobId, at);
  // Maps iterate in insertion order, so the first key is the least recently revived.
  while (map.size > MAX_TRACKED_JOBS) map.delete(map.keys().next().value as string);
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`staleJobs.${name} must be a number of milliseconds ≥ 0, got ${value}`);
  return value;
}
