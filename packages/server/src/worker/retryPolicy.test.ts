import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, backoffDelayMs, decideRetry, isTransientHttpStatus, parseRetryAfterMs } from './retryPolicy.ts';
import { WorkerError } from './workerError.ts';

const policy = (random: number) => ({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 16_000, random: () => random });
const transient = (retryAfterMs?: number) => new WorkerError('llm_rate_limited', 'busy', true, retryAfterMs);

describe('retry policy', () => {
  it('treats 408, 409, 429 and 5xx as transient, other 4xx as final', () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isTransientHttpStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isTransientHttpStatus)).toBe(false);
  });

  it('draws full jitter under a ceiling that doubles per attempt and stops at the maximum', () => {
    // random → 1 (just under) shows each attempt's ceiling; random → 0 shows the floor is 0.
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy(0.999_999)));
    expect(ceilings).toEqual([999, 1999, 3999, 7999, 15_999, 15_999]);
    expect(backoffDelayMs(3, policy(0))).toBe(0);
    expect(backoffDelayMs(3, policy(0.5))).toBe(2000);
  });

  it('waits at least what the server asked for, up to a sane maximum', () => {
    expect(backoffDelayMs(1, policy(0), 2500)).toBe(2500);
    expect(backoffDelayMs(4, policy(0.999_999), 2500)).toBe(7999);
    expect(backoffDelayMs(1, policy(0), 10 * 60_000)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('retries transient errors until the last attempt, never other errors', () => {
    expect(decideRetry(transient(), 1, policy(0.5))).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry(transient(), 3, policy(0.5))).toEqual({ retry: true, delayMs: 2000 });
    expect(decideRetry(transient(), 4, policy(0.5))).toEqual({ retry: false });
    expect(decideRetry(new WorkerError('llm_auth', 'no', false), 1, policy(0.5))).toEqual({ retry: false });
    expect(decideRetry(new Error('bug'), 1, policy(0.5))).toEqual({ retry: false });
  });

  it('reads retry-after-ms, retry-after seconds and retry-after dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});
