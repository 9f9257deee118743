import type { JobStore, JobSummary } from '../jobStore.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';
import type { WorkerInvoker } from '../shared/workerInvoker.ts';

/**
 * When status reads revive stuck jobs. The database's defaults suit a real edge function; lower
 * them only where an invocation is cheap and a lost one should be noticed sooner (tests, a local stack).
 */
export interface StaleJobTiming {
  /** How long a pending job may wait for its first claim before a read re-invokes the worker. Default: the database's, 10 s. */
  pendingGraceMs?: number;
  /** At most one revival per job per this window, across every handler instance. Default: the database's, 5 s. */
  reviveThrottleMs?: number;
}

export interface StaleJobReviver {
  /** Re-invokes the worker for `job` when the database says it is stale and not revived within the throttle window. Never waits, never throws. */
  reviveIfStale(job: JobSummary): void;
}

export interface StaleJobReviverOptions extends StaleJobTiming {
  store: Pick<JobStore, 'reviveJob'>;
  worker: WorkerInvoker;
  logger: TalkTrackLogger;
  /** Keeps the invocation alive after the response on platforms that freeze the function (Vercel's `waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * Lets status reads stand in for the sweep: whoever polls a stuck job wakes its worker. Whether the
 * job is stale, and whether this read is the one to revive it, is `talk_track_revive_job`'s call,
 * by the sweep's rule and the database's clock; the claim then makes an extra invocation harmless.
 */
export function createStaleJobReviver(options: StaleJobReviverOptions): StaleJobReviver {
  const pendingGraceSeconds = seconds('pendingGraceMs', options.pendingGraceMs);
  const throttleSeconds = seconds('reviveThrottleMs', options.reviveThrottleMs);
  return {
    reviveIfStale(job) {
      // A finished job is never stale: no need to ask.
      if (job.status !== 'pending' && job.status !== 'processing') return;
      const revival = Promise.resolve()
        .then(() => options.store.reviveJob(job.id, pendingGraceSeconds, throttleSeconds))
        .then((revive) => (revive ? options.worker.invoke(job.id) : undefined))
        .catch((error: unknown) => {
          options.logger.warn(
            `Could not revive stale job ${job.id}; the next status read or the sweep will try again.`,
            { jobId: job.id, error },
          );
        });
      options.waitUntil?.(revival);
    },
  };
}

function seconds(name: string, ms: number | undefined): number | null {
  if (ms === undefined) return null;
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`staleJobs.${name} must be a number of milliseconds ≥ 0, got ${ms}`);
  return ms / 1000;
}
