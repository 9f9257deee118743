import { WorkerError } from './workerError.ts';

/**
 * A server that asks for more than this is treated as asking for this much: the time budget then
 * decides whether the chunk waits here or in the next invocation.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface RetryPolicyOptions {
  /** Attempts per chunk, the first included. */
  maxAttempts: number;
  /** Ceiling of the first backoff; doubles each attempt. */
  baseDelayMs: number;
  /** Ceiling every backoff stays under (a server's retry-after may exceed it). */
  maxDelayMs: number;
  /** [0, 1) source for the jitter; injectable so tests need no timers or luck. */
  random: () => number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * The HTTP statuses worth another attempt: request timeout, lock conflict, rate limit, and every
 * server error. A 4xx other than these means the request itself is wrong and would fail again.
 */
export function isTransientHttpStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Whether to try again after `attempt` attempts (1-based) ended in `error`, and after how long.
 * Only `WorkerError`s marked retryable are retried (classifyLlmError decides that: 429, 5xx,
 * timeouts, connection errors, invalid output); anything else is a bug, not bad luck.
 */
export function decideRetry(error: unknown, attempt: number, options: RetryPolicyOptions): RetryDecision {
  if (!(error instanceof WorkerError) || !error.retryable) return { retry: false };
  if (attempt >= options.maxAttempts) return { retry: false };
  return { retry: true, delayMs: backoffDelayMs(attempt, options, error.retryAfterMs) };
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a uniform draw in
 * [0, min(max, base·2^(attempt-1))), which spreads retries of concurrent chunks apart. A server's
 * retry-after is a floor: waiting less only earns another 429.
 */
export function backoffDelayMs(
  attempt: number,
  options: Pick<RetryPolicyOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(options.random() * ceiling);
  const floor = retryAfterMs === undefined ? 0 : Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS);
  return Math.max(jittered, floor);
}

/**
 * Reads `retry-after-ms` (OpenAI's, precise) or `retry-after` (seconds, or an HTTP date) from a
 * response's headers. `undefined` when absent or unreadable.
 */
export function parseRetryAfterMs(headers: Headers | undefined | null, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
