/** The polling rhythm. Pure, so the timing rules are tested without timers. */
export interface PollTiming {
  /** Between polls while the tab is visible. Default `DEFAULT_POLL_INTERVAL_MS`. */
  intervalMs: number;
  /** Between polls while every tab is hidden. Default `DEFAULT_HIDDEN_POLL_INTERVAL_MS`. */
  hiddenIntervalMs: number;
  /** Ceiling of the backoff after errors. Default `DEFAULT_MAX_BACKOFF_MS`. */
  maxBackoffMs: number;
}

/** A 2–5 minute job advances one chunk every 10–30 s: 3 s shows each chunk promptly at ~one request per chunk-third. */
export const DEFAULT_POLL_INTERVAL_MS = 3_000;
/** Hidden, nobody watches the bar; 15 s still learns of completion soon enough for the toast on return (a return polls at once). */
export const DEFAULT_HIDDEN_POLL_INTERVAL_MS = 15_000;
/** A minute between tries when the API is down keeps a fleet of open tabs from hammering it as it recovers. */
export const DEFAULT_MAX_BACKOFF_MS = 60_000;

export const DEFAULT_POLL_TIMING: PollTiming = {
  intervalMs: DEFAULT_POLL_INTERVAL_MS,
  hiddenIntervalMs: DEFAULT_HIDDEN_POLL_INTERVAL_MS,
  maxBackoffMs: DEFAULT_MAX_BACKOFF_MS,
};

/**
 * Delay before the next poll of one job. After `failures` consecutive failures the delay doubles
 * from the interval up to the ceiling, with "equal jitter" (half fixed, half random) so tabs that
 * failed together do not retry together, yet never retry sooner than half the backoff.
 */
export function nextPollDelay(
  timing: PollTiming,
  state: { hidden: boolean; failures: number },
  random: () => number,
): number {
  const base = state.hidden ? timing.hiddenIntervalMs : timing.intervalMs;
  if (state.failures === 0) return base;
  const backoff = Math.min(timing.maxBackoffMs, timing.intervalMs * 2 ** state.failures);
  return Math.max(backoff, base) / 2 + (random() * Math.max(backoff, base)) / 2;
}
