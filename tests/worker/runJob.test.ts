import { randomUUID } from 'node:crypto';
import { WORKER_ERROR_CODES } from '@talk-track/core';
import { type JobStore, createPostgresJobStore } from '@talk-track/server';
import { readJob, withPlan } from '@talk-track/testing/server';
import {
  chunksFromStarts,
  type JobRecord,
  JobStoreError,
  type GenerateChunk,
  createChunkGenerator,
  WorkerError,
  type RunJobConfig,
  type RunJobOptions,
  runJob,
  type JobHandoff,
  silentLogger,
} from '@talk-track/testing/internals';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import { type LlmServer, startLlmServer } from '../../tooling/src/llm/startLlmServer.ts';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';

// The engine in-process (Node), against real Postgres and the local LLM: the paths that are
// awkward to reach through a Deno process — cancellation mid-call, the hand-off contents, and
// that the plan stored with the job is the one run.

const CONFIG: RunJobConfig = {
  chunkConcurrency: 3,
  timeBudgetMs: 30_000,
  wallClockMs: 150_000,
  llmTimeoutMs: 10_000,
  maxAttempts: 4,
  leaseSeconds: 5,
  heartbeatIntervalMs: 100,
  leaseCheckIntervalMs: 100,
  retryBaseDelayMs: 10,
  retryMaxDelayMs: 50,
};

const db = useTestDatabase();
let store: JobStore;
let llm: LlmServer;
const userId = randomUUID();

beforeAll(async () => {
  store = createPostgresJobStore(db.sql);
});
afterEach(() => llm?.close());

async function claimedJob(slideCount: number): Promise<{ job: JobRecord; owner: string }> {
  const { job: created } = await store.createJob({
    userId,
    ...withPlan(sampleDeck(slideCount, { id: randomUUID() }), 5),
  });
  const owner = randomUUID();
  const job = await store.claimJob(created.id, owner, CONFIG.leaseSeconds);
  return { job: job!, owner };
}

function run(claim: { job: JobRecord; owner: string }, overrides: Partial<RunJobOptions> = {}) {
  return runJob({
    ...claim,
    store,
    // Read only when no generator is given: a test with its own starts no LLM server.
    generate:
      overrides.generate ??
      createChunkGenerator({ apiKey: 'k', baseURL: llm.url, model: 'gpt-4o-mini', timeoutMs: 10_000 }),
    config: CONFIG,
    continueJob: async () => {
      throw new Error('no hand-off expected');
    },
    logger: silentLogger,
    ...overrides,
  });
}

describe('runJob', () => {
  it('runs the plan stored with the job, not one made again from the deck', async () => {
    llm = await startLlmServer();
    const deck = sampleDeck(7, { id: randomUUID(), title: 'Stored plan' });
    // Short slides: planned again, they would make chunks of 5 and 2.
    const { job } = await store.createJob({ userId, deck, chunkSize: 5, plan: chunksFromStarts([0, 1, 4], 7) });
    const claimed = await store.claimJob(job.id, 'owner-plan', CONFIG.leaseSeconds);
    expect(await run({ job: claimed!, owner: 'owner-plan' })).toBe('completed');
    const ranges = llm.stats.calls.filter((call) => call.deckTitle === 'Stored plan').map((call) => call.slides);
    expect(ranges).toHaveLength(3);
    expect(ranges).toEqual(
      expect.arrayContaining([
        [0, 0],
        [1, 3],
        [4, 6],
      ]),
    );
    expect(await readJob(db.sql, job.id)).toMatchObject({ status: 'completed', currentChunk: 3, totalChunks: 3 });
  });

  it('fails a job whose deck no longer matches its plan, without an LLM call', async () => {
    llm = await startLlmServer();
    const claim = await claimedJob(7);
    await db.sql`update talk_track_jobs set input = ${db.sql.json(sampleDeck(5, { id: claim.job.deckId }) as never)} where id = ${claim.job.id}`;
    const job = await readJob(db.sql, claim.job.id);
    expect(await run({ job, owner: claim.owner })).toBe('failed');
    expect(await readJob(db.sql, claim.job.id)).toMatchObject({
      status: 'failed',
      errorCode: WORKER_ERROR_CODES.internal,
    });
    expect(llm.stats.totalCalls).toBe(0);
  });

  it('stops and aborts the calls in flight when the job is cancelled', async () => {
    llm = await startLlmServer({ latencyMs: 5_000 });
    const claim = await claimedJob(20);
    const outcome = run(claim);
    while (llm.stats.inFlight < 3) await new Promise((resolve) => setTimeout(resolve, 10));

    await store.cancelJob(claim.job.id, userId);
    expect(await outcome).toBe('lost');
    // The next heartbeat (100 ms) noticed: the run ended before any 5 s answer came.
    expect(llm.stats.count('answered')).toBe(0);
    await llm.stats.whenIdle();
    expect(llm.stats.count('client_gone')).toBe(3);
    expect(llm.stats.totalCalls).toBe(3);
    expect(await readJob(db.sql, claim.job.id)).toMatchObject({ status: 'cancelled', currentChunk: 0 });
  });

  it('hands over when out of time: lease released, remaining chunks left for the next invocation', async () => {
    llm = await startLlmServer({ latencyMs: 150 });
    const claim = await claimedJob(30);
    const handoffs: [string, JobHandoff][] = [];
    const outcome = await run(claim, {
      config: { ...CONFIG, chunkConcurrency: 1, timeBudgetMs: 700 },
      continueJob: async (jobId, handoff) => {
        handoffs.push([jobId, handoff]);
      },
    });
    expect(outcome).toBe('handed_off');
    expect(handoffs).toEqual([[claim.job.id, { chunkAttempts: {} }]]);
    const job = await readJob(db.sql, claim.job.id);
    expect(job.status).toBe('processing');
    expect(job.currentChunk).toBeGreaterThanOrEqual(1);
    expect(job.currentChunk).toBeLessThan(6);
    // Released: a fresh owner may claim at once.
    expect(await store.claimJob(claim.job.id, randomUUID(), 5)).not.toBeNull();
  });

  it('carries the attempts of a chunk deferred for lack of time, so retries stay bounded across invocations', async () => {
    // A 429 asking for 1 s, against a 300 ms budget: the retry belongs to the next invocation.
    llm = await startLlmServer({ faults: { failAll: 'rate_limit', retryAfterSeconds: 1 } });
    const first = await claimedJob(5);
    const handoffs: JobHandoff[] = [];
    expect(
      await run(first, {
        config: { ...CONFIG, timeBudgetMs: 300, maxAttempts: 2 },
        continueJob: async (_, h) => void handoffs.push(h),
      }),
    ).toBe('handed_off');
    expect(handoffs).toEqual([{ chunkAttempts: { 0: 1 } }]);

    const second = { job: (await store.claimJob(first.job.id, randomUUID(), 5))!, owner: '' };
    second.owner = second.job.leaseOwner!;
    expect(await run(second, { config: { ...CONFIG, maxAttempts: 2 }, handoff: handoffs[0] })).toBe('failed');
    expect(await readJob(db.sql, first.job.id)).toMatchObject({
      status: 'failed',
      errorCode: 'llm_rate_limited',
      errorMessage:
        'The AI service was busy and did not answer after 2 attempts. Your finished slides are kept; press Retry to continue.',
    });
    expect(llm.stats.totalCalls).toBe(2);
  });

  it('waits in line behind a full LLM limit until out of time, then hands over with no attempt spent', async () => {
    llm = await startLlmServer();
    // Another job holds the only slot across all workers.
    await db.sql`update public.talk_track_settings set max_llm_calls_in_flight = 1`;
    const other = await claimedJob(5);
    const held = await store.beginLlmCall(other.job.id, other.owner, 1, 60);
    expect(held.decision).toBe('go');
    try {
      const claim = await claimedJob(5);
      const handoffs: JobHandoff[] = [];
      // One attempt per chunk: had the wait counted as one, the job would fail here.
      const outcome = await run(claim, {
        config: { ...CONFIG, timeBudgetMs: 300, maxAttempts: 1 },
        continueJob: async (_jobId, handoff) => {
          handoffs.push(handoff);
        },
      });
      expect(outcome).toBe('handed_off');
      expect(handoffs).toEqual([{ chunkAttempts: { 0: 0 } }]);
      expect(llm.stats.totalCalls).toBe(0);
      expect(await readJob(db.sql, claim.job.id)).toMatchObject({ errorCode: null });
    } finally {
      if (held.decision === 'go') await store.endLlmCall(held.slotId);
      await db.sql`update public.talk_track_settings set max_llm_calls_in_flight = default`;
    }
  });

  describe('records on the job what calls billed whose answer was not kept', () => {
    const BILLED = { tokensIn: 300, tokensOut: 2_000, tokensReasoning: 1_900 };
    /** Every call billed and answered something no chunk can keep; `retryAfterMs` asks the next attempt to wait. */
    const billedFailures =
      (retryAfterMs?: number): GenerateChunk =>
      async () => {
        throw new WorkerError(WORKER_ERROR_CODES.llmInvalidOutput, 'missing slide', true, retryAfterMs, {
          billed: BILLED,
        });
      };

    it('when the chunk is deferred to the next invocation', async () => {
      const claim = await claimedJob(3);
      // The retry's wait (1 s) reaches past the 300 ms budget: deferred after one billed call.
      const outcome = await run(claim, {
        generate: billedFailures(1_000),
        config: { ...CONFIG, timeBudgetMs: 300 },
        continueJob: async () => {},
      });
      expect(outcome).toBe('handed_off');
      expect(await readJob(db.sql, claim.job.id)).toMatchObject({ status: 'processing', currentChunk: 0, ...BILLED });
    });

    it('and a store error while recording fails the job all the same, with a warning (those tokens are lost)', async () => {
      const claim = await claimedJob(3);
      const warnings: string[] = [];
      const failing: JobStore = {
        ...store,
        recordBilledUsage: async () => {
          throw new JobStoreError('unavailable', 'The job database is unavailable (57P01)');
        },
      };
      const outcome = await run(claim, {
        store: failing,
        generate: billedFailures(),
        config: { ...CONFIG, maxAttempts: 2 },
        logger: { ...silentLogger, warn: (message) => void warnings.push(message) },
      });
      expect(outcome).toBe('failed');
      expect(await readJob(db.sql, claim.job.id)).toMatchObject({
        status: 'failed',
        errorCode: 'llm_invalid_output',
        tokensIn: 0,
        tokensOut: 0,
      });
      expect(warnings).toContain('could not record billed tokens; the usage ledger misses them');
    });
  });

  it('completes a job whose chunks were all saved before, without calling the LLM', async () => {
    llm = await startLlmServer();
    const claim = await claimedJob(7);
    expect(await run(claim)).toBe('completed');
    const callsAfterFirstRun = llm.stats.totalCalls;
    // A worker that died right after saving its last chunk: every chunk is saved, the job is not completed.
    const again = await claimedJob(7);
    for (const chunk of await store.listChunks(claim.job.id))
      await store.saveChunk(again.job.id, again.owner, chunk.chunkIndex, chunk.output);
    expect(await store.releaseJob(again.job.id, again.owner)).toBe(true);
    const next = await store.claimJob(again.job.id, 'next-owner', 5);
    expect(await run({ job: next!, owner: 'next-owner' })).toBe('completed');
    expect(llm.stats.totalCalls).toBe(callsAfterFirstRun);
    expect((await readJob(db.sql, again.job.id)).result!.slides).toHaveLength(7);
  });
});
