import type { JobStore } from '../jobStore.ts';
import type { SleepClock } from '../shared/sleepClock.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';

export interface LeaseHeartbeatOptions {
  store: JobStore;
  jobId: string;
  owner: string;
  leaseSeconds: number;
  intervalMs: number;
  /**
   * How often to check (a read) that the lease is still ours between heartbeats, so a cancel or a
   * takeover aborts the calls in flight within this long. Default: `intervalMs` (no extra reads).
   */
  checkIntervalMs?: number;
  clock: SleepClock;
  logger: TalkTrackLogger;
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
 * once per chunk rather than once per chunk plus once per beat. Between beats, every
 * `checkIntervalMs`, it reads whether the lease is still ours. A failed heartbeat or check
 * (database blip) is only logged: the lease outlives two missed beats.
 */
export function startLeaseHeartbeat(options: LeaseHeartbeatOptions): LeaseHeartbeat {
  const stopped = new AbortController();
  const checkIntervalMs = Math.min(options.checkIntervalMs ?? options.intervalMs, options.intervalMs);
  let lastExtendedAt = options.clock.now();
  let lastCheckedAt = lastExtendedAt;
  const loop = (async () => {
    for (;;) {
      const now = options.clock.now();
      const untilBeat = options.intervalMs - (now - lastExtendedAt);
      const untilCheck = checkIntervalMs - (now - Math.max(lastCheckedAt, lastExtendedAt));
      await options.clock.sleep(Math.max(0, Math.min(untilBeat, untilCheck)), stopped.signal);
      if (stopped.signal.aborted) return;
      const woke = options.clock.now();
      const beat = woke - lastExtendedAt >= options.intervalMs;
      if (!beat && woke - Math.max(lastCheckedAt, lastExtendedAt) < checkIntervalMs) continue;
      if (beat) lastExtendedAt = woke;
      lastCheckedAt = woke;
      try {
        const alive = beat
          ? await options.store.heartbeat(options.jobId, options.owner, options.leaseSeconds)
          : await options.store.isLeaseHeld(options.jobId, options.owner);
        if (!alive) {
          options.onLost();
          return;
        }
      } catch (error) {
        options.logger.warn('heartbeat failed', { jobId: options.jobId, error: String(error) });
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
