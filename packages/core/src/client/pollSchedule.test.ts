import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_TIMING, nextPollDelay } from './pollSchedule.ts';

const timing = DEFAULT_POLL_TIMING;

describe('nextPollDelay', () => {
  it('polls every 3 s while visible and every 15 s while hidden', () => {
    expect(nextPollDelay(timing, { hidden: false, failures: 0 }, () => 0.5)).toBe(3_000);
    expect(nextPollDelay(timing, { hidden: true, failures: 0 }, () => 0.5)).toBe(15_000);
  });

  it('doubles the delay with each failure, jittered between half and all of it, up to the ceiling', () => {
    const low = (failures: number) => nextPollDelay(timing, { hidden: false, failures }, () => 0);
    const high = (failures: number) => nextPollDelay(timing, { hidden: false, failures }, () => 1);
    expect([low(1), high(1)]).toEqual([3_000, 6_000]);
    expect([low(2), high(2)]).toEqual([6_000, 12_000]);
    expect([low(3), high(3)]).toEqual([12_000, 24_000]);
    expect([low(10), high(10)]).toEqual([30_000, 60_000]);
  });

  it('spreads tabs that failed together', () => {
    const delays = new Set(
      [0.1, 0.4, 0.7, 0.9].map((r) => nextPollDelay(timing, { hidden: false, failures: 2 }, () => r)),
    );
    expect(delays.size).toBe(4);
  });
});
