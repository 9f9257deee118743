import type { JobStore } from '../jobStore.ts';
import type { WorkerClock } from './workerClock.ts';
import type { WorkerLogger } from './workerLogger.ts';

export interface LeaseHeartbeatOptions {
  store: JobStore;
  jobId: string;
  owner: string;
  leaseSeconds: number;
  intervalMs: number;
  clock: WorkerClock;
  log: WorkerLogger;
  /** Called once when the store says the lease is gone: another worker took over, or the job was cancelled. */
  onLost: () => void;
}

/**
 * Extends the lease every `intervalMs` while the job runs. A failed heartbeat (database blip) is
 * only logged: the lease outlives two missed beats, and saving a chunk extends it too.
 */
export function startLeaseHeartbeat(options: LeaseHeartbeatOptions): { stop(): Promise<void> } {
  const stopped = new AbortController();
  const loop = (async () => {
    for (;;) {
      await options.clock.sleep(options.intervalMs, stopped.signal);
      if (stopped.signal.aborted) return;
      try {
        const alive = await options.store.heartbeat(options.jobId, options.owner, options.leaseSeconds);
        if (!alive) {
          options.onLost();
          return;
        }
      } catch (error) {
        options.log.warn('heartbeat failed', { jobId: options.jobId, error: String(error) });
      }
    }
  })();
  return {
    stop: async () => {
      stopped.abort();
      await loop;
    },
  };
}
