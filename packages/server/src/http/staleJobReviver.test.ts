import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../jobStore.ts';
import { recordingLogger, recordingWorker } from '@talk-track/testing/server';
import { createStaleJobReviver } from './staleJobReviver.ts';

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

const expiredLease = job({
  status: 'processing',
  leaseOwner: 'dead-worker',
  leaseExpiresAt: new Date(T0 - 1).toISOString(),
});

/** A store whose `talk_track_revive_job` answers `answers` in turn, recording what it was asked. */
function revivingStore(...answers: (boolean | Error)[]) {
  const asked: { jobId: string; pendingGraceSeconds: number | null; throttleSeconds: number | null }[] = [];
  return {
    asked,
    async reviveJob(jobId: string, pendingGraceSeconds: number | null, throttleSeconds: number | null) {
      asked.push({ jobId, pendingGraceSeconds, throttleSeconds });
      const answer = answers.shift() ?? false;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

/** Lets the revival's chain of promises run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

// Whether a job is stale and whether this read may revive it is the database's call
// (talk_track_revive_job, tested in supabase/tests/maintenance.test.ts); the reviver asks and acts.
describe('createStaleJobReviver', () => {
  it('invokes the worker when the database says to, and only then', async () => {
    const store = revivingStore(true, false);
    const worker = recordingWorker();
    const reviver = createStaleJobReviver({ store, worker, logger: recordingLogger() });
    reviver.reviveIfStale(expiredLease);
    reviver.reviveIfStale(expiredLease);
    await settle();
    expect(store.asked).toHaveLength(2);
    expect(worker.calls).toEqual([expiredLease.id]);
  });

  it('leaves the timing to the database unless told, and passes it in seconds', async () => {
    const defaults = revivingStore();
    createStaleJobReviver({ store: defaults, worker: recordingWorker(), logger: recordingLogger() }).reviveIfStale(
      job({}),
    );
    const shorter = revivingStore();
    createStaleJobReviver({
      store: shorter,
      worker: recordingWorker(),
      logger: recordingLogger(),
      pendingGraceMs: 200,
      reviveThrottleMs: 0,
    }).reviveIfStale(job({}));
    await settle();
    expect(defaults.asked).toEqual([{ jobId: job({}).id, pendingGraceSeconds: null, throttleSeconds: null }]);
    expect(shorter.asked).toEqual([{ jobId: job({}).id, pendingGraceSeconds: 0.2, throttleSeconds: 0 }]);
  });

  it('does not ask about a finished job', async () => {
    const store = revivingStore(true);
    createStaleJobReviver({ store, worker: recordingWorker(), logger: recordingLogger() }).reviveIfStale(
      job({ status: 'completed' }),
    );
    await settle();
    expect(store.asked).toEqual([]);
  });

  it('never throws into the status read: a failed ask or invocation is logged', async () => {
    const store = revivingStore(new Error('database away'), true);
    const worker = recordingWorker();
    worker.mode = 'fail';
    const logger = recordingLogger();
    const waited: Promise<unknown>[] = [];
    const reviver = createStaleJobReviver({ store, worker, logger, waitUntil: (promise) => void waited.push(promise) });
    reviver.reviveIfStale(expiredLease);
    reviver.reviveIfStale(expiredLease);
    await Promise.all(waited);
    expect(logger.lines.map((line) => line.level)).toEqual(['warn', 'warn']);
  });

  it('refuses a negative or non-numeric timing', () => {
    const base = { store: revivingStore(), worker: recordingWorker(), logger: recordingLogger() };
    expect(() => createStaleJobReviver({ ...base, reviveThrottleMs: -1 })).toThrow(/reviveThrottleMs/);
    expect(() => createStaleJobReviver({ ...base, pendingGraceMs: Number.NaN })).toThrow(/pendingGraceMs/);
  });
});
