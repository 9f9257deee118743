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

export interface LeaseHeartbeat {
  /** A chunk save just extended the lease (and proved the job still runs): the next beat can wait. */
  extended(): void;
  stop(): Promise<void>;
}

/**
 * Extends the lease every `intervalMs` while the job runs, skipping a beat when a chunk save
 * already extended it within the interval: saves do the heartbeat's work, so a job writes about
 * once per chunk rather than once per chunk plus once per beat. A failed heartbeat (database
 * blip) is only logged: the lease outlives two missed beats.
 */
export function startLeaseHeartbeat(options: LeaseHeartbeatOptions): LeaseHeartbeat {
  const stopped = new AbortController();
  let lastExtendedAt = options.clock.now();
  const loop = (async () => {
    for (;;) {
      const sinceExtended = options.clock.now() - lastExtendedAt;
      await options.clock.sleep(Math.max(0, options.intervalMs - sinceExtended), stopped.signal);
      if (stopped.signal.aborted) return;
      if (options.clock.now() - lastExtendedAt < options.intervalMs) continue;
      lastExtendedAt = options.clock.now();
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
    extended: () => {
      lastExtendedAt = options.clock.now();
    },
    stop: async () => {
      stopped.abort();
      await loop;
    },
  };
}
