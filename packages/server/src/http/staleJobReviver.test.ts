import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../jobStore.ts';
import { recordingLogger, recordingWorker } from '@talk-track/testing/server';
import { PENDING_GRACE_MS, REVIVE_THROTTLE_MS, createStaleJobReviver, isStaleJob } from './staleJobReviver.ts';

const T0 = Date.parse('2026-01-01T12:00:00Z');

function job(overrides: Partial<JobSummary>): JobSummary {
  return {
    id: '7d9e6a43-5b2c-4e8f-9a1d-3c4b5a6d7e8f',
    userId: '3f6c1a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
    deckId: 'deck-1',
    status: 'pending',
    progress: 0,
    currentChunk: 0,
    totalChunks: 1,
    chunkSize: 5,
    slideCount: 1,
    result: null,
    errorCode: null,
    llmCalls: 0,
    waitingSince: null,
    tokensIn: 0,
    tokensOut: 0,
    tokensReasoning: 0,
    responseFormat: null,
    errorMessage: null,
    errorDetail: null,
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    idempotencyKey: null,
    createdAt: new Date(T0).toISOString(),
    startedAt: null,
    completedAt: null,
    updatedAt: new Date(T0).toISOString(),
    ...overrides,
  };
}

const expiredLease = job({ status: 'processing', leaseOwner: 'dead-worker', leaseExpiresAt: new Date(T0 - 1).toISOString() });

describe('isStaleJob', () => {
  it('counts a pending job as stale only past the grace, which the caller may shorten', () => {
    const pending = job({});
    expect(isStaleJob(pending, T0 + PENDING_GRACE_MS)).toBe(false);
    expect(isStaleJob(pending, T0 + PENDING_GRACE_MS + 1)).toBe(true);
    expect(isStaleJob(pending, T0 + 301, 300)).toBe(true);
  });

  it('counts a processing job as stale once its lease expired, and a finished one never', () => {
    expect(isStaleJob(expiredLease, T0)).toBe(true);
    expect(isStaleJob(job({ status: 'processing', leaseOwner: 'w', leaseExpiresAt: new Date(T0 + 1000).toISOString() }), T0)).toBe(false);
    expect(isStaleJob(job({ status: 'completed' }), T0 + 3_600_000)).toBe(false);
  });
});

describe('createStaleJobReviver', () => {
  it('revives a stale job once per throttle window (default REVIVE_THROTTLE_MS)', () => {
    let now = T0;
    const worker = recordingWorker();
    const reviver = createStaleJobReviver({ worker, logger: recordingLogger(), clock: { now: () => now } });
    reviver.reviveIfStale(expiredLease);
    now += REVIVE_THROTTLE_MS - 1;
    reviver.reviveIfStale(expiredLease);
    expect(worker.calls).toHaveLength(1);
    now += 1;
    reviver.reviveIfStale(expiredLease);
    expect(worker.calls).toHaveLength(2);
  });

  it('takes a shorter throttle and pending grace from its options', () => {
    let now = T0 + 250;
    const worker = recordingWorker();
    const reviver = createStaleJobReviver({ worker, logger: recordingLogger(), clock: { now: () => now }, pendingGraceMs: 200, reviveThrottleMs: 100 });
    reviver.reviveIfStale(job({}));
    now += 100;
    reviver.reviveIfStale(job({}));
    expect(worker.calls).toHaveLength(2);
  });

  it('refuses a negative or non-numeric timing', () => {
    const base = { worker: recordingWorker(), logger: recordingLogger() };
    expect(() => createStaleJobReviver({ ...base, reviveThrottleMs: -1 })).toThrow(/reviveThrottleMs/);
    expect(() => createStaleJobReviver({ ...base, pendingGraceMs: Number.NaN })).toThrow(/pendingGraceMs/);
  });
});
