import { describe, expect, it } from 'vitest';
import { isTransientHttpStatus, parseRetryAfterMs } from './classifyLlmError.ts';

describe('reading an LLM error response', () => {
  it('treats 408, 409, 429 and 5xx as transient, other 4xx as final', () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isTransientHttpStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isTransientHttpStatus)).toBe(false);
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
