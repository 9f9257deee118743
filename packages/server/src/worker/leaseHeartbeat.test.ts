import { describe, expect, it } from 'vitest';
import type { JobStore } from '../jobStore.ts';
import { startLeaseHeartbeat } from './leaseHeartbeat.ts';
import type { SleepClock } from '../shared/sleepClock.ts';
import { consoleLogger } from '../shared/logger.ts';

const INTERVAL_MS = 1_000;

/** A clock that only moves when the test says so; sleepers wake in time order. */
function manualClock(): SleepClock & { advanceTo(time: number): Promise<void> } {
  let now = 0;
  const sleepers: { until: number; wake: () => void }[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        sleepers.push({ until: now + ms, wake: resolve });
        signal?.addEventListener('abort', () => resolve(), { once: true });
      }),
    async advanceTo(time) {
      for (;;) {
        await settle();
        sleepers.sort((a, b) => a.until - b.until);
        if (!sleepers[0] || sleepers[0].until > time) break;
        const next = sleepers.shift()!;
        now = next.until;
        next.wake();
      }
      now = time;
      await settle();
    },
  };
}

function beatingStore(clock: SleepClock, alive = true) {
  const beats: number[] = [];
  const store = {
    heartbeat: async () => {
      beats.push(clock.now());
      return alive;
    },
  } as unknown as JobStore;
  return { store, beats };
}

function start(store: JobStore, clock: SleepClock, onLost = () => {}) {
  return startLeaseHeartbeat({
    store,
    jobId: 'job',
    owner: 'owner',
    leaseSeconds: 3,
    intervalMs: INTERVAL_MS,
    clock,
    logger: consoleLogger,
    onLost,
  });
}

describe('startLeaseHeartbeat', () => {
  it('extends the lease once per interval while nothing else does', async () => {
    const clock = manualClock();
    const { store, beats } = beatingStore(clock);
    const heartbeat = start(store, clock);
    await clock.advanceTo(3_500);
    await heartbeat.stop();
    expect(beats).toEqual([1_000, 2_000, 3_000]);
  });

  it('skips beats while chunk saves keep extending the lease, and beats again an interval after the last save', async () => {
    const clock = manualClock();
    const { store, beats } = beatingStore(clock);
    const heartbeat = start(store, clock);
    for (const savedAt of [900, 1_800, 2_700]) {
      await clock.advanceTo(savedAt);
      heartbeat.extended();
    }
    await clock.advanceTo(3_600);
    expect(beats).toEqual([]);
    await clock.advanceTo(3_700);
    await heartbeat.stop();
    expect(beats).toEqual([3_700]);
  });

  it('between beats, checks every checkIntervalMs that the lease is held, and reports a cancel found that way', async () => {
    const clock = manualClock();
    const checks: number[] = [];
    const beats: number[] = [];
    let held = true;
    const store = {
      heartbeat: async () => (beats.push(clock.now()), true),
      isLeaseHeld: async () => (checks.push(clock.now()), held),
    } as unknown as JobStore;
    let lost = 0;
    const heartbeat = startLeaseHeartbeat({
      store,
      jobId: 'job',
      owner: 'owner',
      leaseSeconds: 3,
      intervalMs: INTERVAL_MS,
      checkIntervalMs: 250,
      clock,
      logger: consoleLogger,
      onLost: () => lost++,
    });
    await clock.advanceTo(1_100);
    expect(beats).toEqual([1_000]);
    expect(checks).toEqual([250, 500, 750]);
    held = false;
    await clock.advanceTo(2_000);
    await heartbeat.stop();
    expect(checks).toEqual([250, 500, 750, 1_250]);
    expect(lost).toBe(1);
  });

  it('reports a lost lease once and stops beating', async () => {
    const clock = manualClock();
    const { store, beats } = beatingStore(clock, false);
    let lost = 0;
    const heartbeat = start(store, clock, () => lost++);
    await clock.advanceTo(5_000);
    await heartbeat.stop();
    expect(lost).toBe(1);
    expect(beats).toEqual([1_000]);
  });
});
