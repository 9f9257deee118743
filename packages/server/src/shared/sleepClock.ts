/**
 * Time as the server sees it: `now`, and `sleep` for the waits of the worker (budget, heartbeat,
 * backoff) and of held reads. The browser's clock schedules callbacks instead (core/src/client/clock.ts).
 * Injectable so tests run without waiting.
 */
export interface SleepClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (it never rejects: callers check the signal). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemSleepClock: SleepClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
