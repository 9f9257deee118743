// What every JobStore adapter must do, as one suite each adapter's test file runs against its own
// store: both adapters are thin calls to the same SQL functions, so they must agree on every
// outcome. What only one adapter can get wrong (error mapping, connections, keys, RLS) stays in
// that adapter's test file.
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { TalkTrack } from '@talk-track/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobStore } from '@talk-track/server';
import { JobStoreError } from '../internals/index.ts';
import { chunkOutput, deck, readJob, rejection, summaryOf, withPlan, NO_OUTLOOK } from './jobStoreTestKit.ts';

export interface JobStoreUnderTest {
  store: JobStore;
  /** The database the store writes to, for what the interface cannot do: read a job's whole row, move its clock on. */
  sql: postgres.Sql;
}

const TALK_TRACK: TalkTrack = { opening: 'Welcome.', slides: [], closing: 'Thanks.', totalDurationSeconds: 120 };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** What every group of cases reads: the store and database `setup` hands over, and two users of the suite's own. */
interface ContractContext extends JobStoreUnderTest {
  alice: string;
  bob: string;
}

/**
 * Registers the contract as a `describe(name)` block. `setup` runs in the block's `beforeAll`, so
 * it may hand over a store the calling file creates in its own `beforeAll`.
 */
export function describeJobStoreContract(name: string, setup: () => JobStoreUnderTest): void {
  describe(name, () => {
    // Users of their own, so the rows other tests in the calling file write never get in the way.
    const contract = { alice: randomUUID(), bob: randomUUID() } as ContractContext;
    beforeAll(() => {
      Object.assign(contract, setup());
    });
    creationCases(contract);
    startAndOwnerCases(contract);
    chunkAndLatestReadCases(contract);
    workerRunCases(contract);
    billedUsageCases(contract);
    transitionCases(contract);
    outlookCases(contract);
    sweepCases(contract);
  });
}

/** A start: the record as stored, and what a status read and the claim hold of it. */
function creationCases(contract: ContractContext): void {
  it('creates a pending job and maps the row to a JobRecord', async () => {
    const { store, sql, alice } = contract;
    const { job } = await store.createJob({
      userId: alice,
      ...withPlan(deck('create'), 2),
      idempotencyKey: 'k-create',
    });
    expect(job).toMatchObject({
      userId: alice,
      deckId: 'create',
      status: 'pending',
      progress: 0,
      currentChunk: 0,
      totalChunks: 2,
      chunkSize: 2,
      slideCount: 3,
      input: deck('create'),
      plan: [
        { index: 0, start: 0, end: 2 },
        { index: 1, start: 2, end: 3 },
      ],
      result: null,
      errorCode: null,
      errorMessage: null,
      errorDetail: null,
      tokensReasoning: 0,
      responseFormat: null,
      attempts: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
      idempotencyKey: 'k-create',
      startedAt: null,
      completedAt: null,
    });
    expect(job.createdAt).toMatch(ISO);
    expect(job.updatedAt).toMatch(ISO);
    // The record createJob answers is the row as stored, every column mapped.
    expect(await readJob(sql, job.id)).toEqual(job);
    expect(await store.getJobForUser(job.id, alice)).toEqual(summaryOf(job));
  });

  it("reads the job for its owner without the input deck, with its slide count; the row and the worker's claim hold the deck", async () => {
    const { store, sql, alice } = contract;
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('summary', 4), 2) });
    const read = await store.getJobForUser(job.id, alice);
    const found = await store.findLatestJobForDeck(alice, 'summary');
    for (const summary of [read, found]) {
      expect(summary).toMatchObject({ id: job.id, slideCount: 4 });
      expect(summary).not.toHaveProperty('input');
    }
    expect((await readJob(sql, job.id)).input).toEqual(deck('summary', 4));
    expect((await store.claimJob(job.id, 'w-1', 30))?.input).toEqual(deck('summary', 4));
  });
}

/** A repeated start, a second active job, and reads by anyone but the owner. */
function startAndOwnerCases(contract: ContractContext): void {
  it('returns the same job for a repeated idempotency key', async () => {
    const { store, alice } = contract;
    const args = { userId: alice, ...withPlan(deck('idem'), 5), idempotencyKey: 'k-idem' };
    const first = await store.createJob(args);
    expect(first.created).toBe(true);
    // A replay is told apart by the database (nothing inserted), not by comparing clocks.
    expect(await store.createJob(args)).toMatchObject({ job: { id: first.job.id }, created: false });
  });

  it('throws job_already_active with the active job id', async () => {
    const { store, alice } = contract;
    const { job: active } = await store.createJob({ userId: alice, ...withPlan(deck('busy'), 5) });
    const error = await rejection(store.createJob({ userId: alice, ...withPlan(deck('busy'), 5) }));
    expect(error).toBeInstanceOf(JobStoreError);
    expect(error).toMatchObject({ code: 'job_already_active', jobId: active.id });
  });

  it('reads a job only for its owner; unknown and malformed ids name no job', async () => {
    const { store, alice, bob } = contract;
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('private'), 5) });
    expect((await store.getJobForUser(job.id, alice))?.id).toBe(job.id);
    expect(await store.getJobForUser(job.id, bob)).toBeNull();
    expect(await store.getJobForUser('not-a-uuid', alice)).toBeNull();
    expect(await store.getJobForUser(randomUUID(), alice)).toBeNull();
    expect(await store.listChunks('not-a-uuid')).toEqual([]);
    expect(await store.cancelJob('not-a-uuid', alice)).toBeNull();
  });
}

/** A status read with the chunks saved so far, and the latest job for a deck. */
function chunkAndLatestReadCases(contract: ContractContext): void {
  it('reads a job with its saved chunks for its owner; a completed job brings none', async () => {
    const { store, alice, bob } = contract;
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('with-chunks', 3), 2) });
    expect(await store.getJobWithChunksForUser(job.id, alice)).toEqual({
      job: summaryOf(job),
      chunks: [],
      outlook: NO_OUTLOOK,
    });
    await store.claimJob(job.id, 'w-1', 30);
    await store.saveChunk(job.id, 'w-1', 1, chunkOutput(1));
    await store.saveChunk(job.id, 'w-1', 0, chunkOutput(0));

    const running = await store.getJobWithChunksForUser(job.id, alice);
    expect(running).toEqual({
      job: await store.getJobForUser(job.id, alice),
      chunks: await store.listChunks(job.id),
      outlook: NO_OUTLOOK,
    });
    expect(running!.chunks.map((chunk) => [chunk.chunkIndex, chunk.output])).toEqual([
      [0, chunkOutput(0)],
      [1, chunkOutput(1)],
    ]);
    expect(running!.job).toMatchObject({ status: 'processing', currentChunk: 2, slideCount: 3 });
    expect(running!.job).not.toHaveProperty('input');

    await store.completeJob(job.id, 'w-1', TALK_TRACK);
    expect(await store.getJobWithChunksForUser(job.id, alice)).toMatchObject({
      job: { status: 'completed', result: TALK_TRACK },
      chunks: [],
    });
    expect(await store.getJobWithChunksForUser(job.id, bob)).toBeNull();
    expect(await store.getJobWithChunksForUser(randomUUID(), alice)).toBeNull();
    expect(await store.getJobWithChunksForUser('not-a-uuid', alice)).toBeNull();
  });

  it("finds the user's latest job for a deck, whatever its status, and nobody else's", async () => {
    const { store, alice, bob } = contract;
    expect(await store.findLatestJobForDeck(alice, 'latest')).toBeNull();
    const { job: older } = await store.createJob({ userId: alice, ...withPlan(deck('latest'), 5) });
    await store.cancelJob(older.id, alice);
    expect(await store.findLatestJobForDeck(alice, 'latest')).toMatchObject({ id: older.id, status: 'cancelled' });
    const { job: newer } = await store.createJob({ userId: alice, ...withPlan(deck('latest'), 5) });
    expect(await store.findLatestJobForDeck(alice, 'latest')).toEqual(summaryOf(newer));
    expect(await store.findLatestJobForDeck(bob, 'latest')).toBeNull();
    expect(await store.findLatestJobForDeck(alice, 'latest-2')).toBeNull();
    // The deck id is matched as it is, never as a pattern.
    expect(await store.findLatestJobForDeck(alice, 'lat%')).toBeNull();
    expect(await store.findLatestJobForDeck('not-a-uuid', 'latest')).toBeNull();
  });
}

/** A run as the worker makes it: claim, heartbeat, chunks, complete. */
function workerRunCases(contract: ContractContext): void {
  it('runs a job through the worker calls: claim, heartbeat, chunks, complete', async () => {
    const { store, alice } = contract;
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('run', 3), 2) });
    const claimed = await store.claimJob(job.id, 'w-1', 30);
    expect(claimed).toMatchObject({ status: 'processing', leaseOwner: 'w-1', attempts: 1 });
    expect(claimed!.leaseExpiresAt).toMatch(ISO);
    expect(await store.claimJob(job.id, 'w-2', 30)).toBeNull();
    expect(await store.heartbeat(job.id, 'w-1', 30)).toBe(true);
    expect(await store.heartbeat(job.id, 'w-2', 30)).toBe(false);

    expect(
      await store.saveChunk(
        job.id,
        'w-1',
        1,
        chunkOutput(1),
        { tokensIn: 90, tokensOut: 70, tokensReasoning: 30 },
        'json_object',
      ),
    ).toMatchObject({
      currentChunk: 1,
      progress: 50,
      tokensIn: 90,
      tokensOut: 70,
      tokensReasoning: 30,
      responseFormat: 'json_object',
    });
    expect(await store.saveChunk(job.id, 'w-2', 0, chunkOutput(0))).toBeNull();
    // Without usage or format (a caller that knows neither): nothing added, the job's format kept.
    expect(await store.saveChunk(job.id, 'w-1', 0, chunkOutput(0))).toMatchObject({
      currentChunk: 2,
      progress: 99,
      tokensIn: 90,
      tokensReasoning: 30,
      responseFormat: 'json_object',
    });

    const chunks = await store.listChunks(job.id);
    expect(chunks.map((c) => [c.jobId, c.chunkIndex, c.output])).toEqual([
      [job.id, 0, chunkOutput(0)],
      [job.id, 1, chunkOutput(1)],
    ]);
    expect(chunks[0]!.createdAt).toMatch(ISO);

    const done = await store.completeJob(job.id, 'w-1', TALK_TRACK);
    expect(done).toMatchObject({ status: 'completed', progress: 100, result: TALK_TRACK, leaseOwner: null });
    expect(done!.completedAt).toMatch(ISO);
  });
}

/** The usage ledger for calls whose answer was not kept. */
function billedUsageCases(contract: ContractContext): void {
  it('records billed usage of calls not kept on the job (no chunk), for the lease owner and once the job ended; refuses bad counts', async () => {
    const { store, sql, alice } = contract;
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('billed', 3), 2) });
    const billed = { tokensIn: 400, tokensOut: 900, tokensReasoning: 900 };
    // Pending: no run has billed anything yet.
    expect(await store.recordBilledUsage(job.id, 'w-1', billed)).toBe(false);
    await store.claimJob(job.id, 'w-1', 30);
    expect(await store.recordBilledUsage(job.id, 'w-1', billed)).toBe(true);
    // Another worker does not hold the lease; an unknown job records nothing.
    expect(await store.recordBilledUsage(job.id, 'w-2', billed)).toBe(false);
    expect(await store.recordBilledUsage(randomUUID(), 'w-1', billed)).toBe(false);
    await store.saveChunk(job.id, 'w-1', 0, chunkOutput(0), { tokensIn: 100, tokensOut: 50 });
    expect(await store.recordBilledUsage(job.id, 'w-1', { tokensIn: 10, tokensOut: 5 })).toBe(true);
    expect(await readJob(sql, job.id)).toMatchObject({ tokensIn: 510, tokensOut: 955, tokensReasoning: 900 });

    for (const bad of [
      { tokensIn: -1, tokensOut: 0, tokensReasoning: 0 },
      { tokensIn: 0, tokensOut: -1, tokensReasoning: 0 },
      { tokensIn: 0, tokensOut: 10, tokensReasoning: 11 },
    ]) {
      // Refused for good, and said so the same way by both adapters: the worker reads the kind, never a driver's error.
      expect(await rejection(store.recordBilledUsage(job.id, 'w-1', bad))).toMatchObject({
        name: 'JobStoreError',
        code: 'rejected',
        sqlState: '22023',
      });
    }

    // A run that failed, was cancelled or ran out of budget still billed its calls: recorded once the job ended.
    await store.cancelJob(job.id, alice);
    expect(await store.recordBilledUsage(job.id, 'w-1', { tokensIn: 1, tokensOut: 2, tokensReasoning: 2 })).toBe(true);
    // Only on the job: the saved chunk's usage is what its kept answer cost.
    const [chunk] = await sql<{ tokens_in: number; tokens_out: number }[]>`
      select tokens_in, tokens_out from public.talk_track_chunks where job_id = ${job.id}`;
    expect(chunk).toEqual({ tokens_in: 100, tokens_out: 50 });
    expect(await readJob(sql, job.id)).toMatchObject({
      status: 'cancelled',
      tokensIn: 511,
      tokensOut: 957,
      tokensReasoning: 902,
    });
  });
}

/** The worker's failure and the person's cancel and Retry, with their refusals. */
function transitionCases(contract: ContractContext): void {
  it('fails, retries and cancels for the owner; refusals are invalid_transition', async () => {
    const { store, alice, bob } = contract;
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('fail'), 5) });
    await store.claimJob(job.id, 'w-1', 30);
    expect(
      await store.failJob(
        job.id,
        'w-1',
        'llm_token_limit',
        'The AI service ran out of room',
        'Raise TALK_TRACK_TOKENS_PER_SLIDE (now 700).',
      ),
    ).toMatchObject({
      status: 'failed',
      errorCode: 'llm_token_limit',
      errorMessage: 'The AI service ran out of room',
      errorDetail: 'Raise TALK_TRACK_TOKENS_PER_SLIDE (now 700).',
    });
    expect(await store.failJob(job.id, 'w-1', 'llm_timeout', 'again')).toBeNull();

    const cancelFailed = await rejection(store.cancelJob(job.id, alice));
    expect(cancelFailed).toBeInstanceOf(JobStoreError);
    expect(cancelFailed).toMatchObject({ code: 'invalid_transition' });

    expect(await store.retryJob(job.id, bob)).toBeNull();
    expect(await store.retryJob(job.id, alice)).toMatchObject({
      status: 'pending',
      errorCode: null,
      errorDetail: null,
    });
    expect(await rejection(store.retryJob(job.id, alice))).toMatchObject({ code: 'invalid_transition' });

    expect(await store.cancelJob(job.id, bob)).toBeNull();
    expect(await store.cancelJob(job.id, alice)).toMatchObject({ status: 'cancelled' });
  });

  it('cancels and retries for the owner only; refusals are invalid_transition and job_already_active', async () => {
    const { store, alice, bob } = contract;
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('cancel'), 5) });
    expect(await store.cancelJob(job.id, bob)).toBeNull();
    expect(await store.cancelJob(job.id, alice)).toMatchObject({ status: 'cancelled' });
    expect(await rejection(store.cancelJob(job.id, alice))).toMatchObject({
      name: 'JobStoreError',
      code: 'invalid_transition',
    });

    const { job: other } = await store.createJob({ userId: alice, ...withPlan(deck('cancel'), 5) });
    expect(await rejection(store.retryJob(job.id, alice))).toMatchObject({
      code: 'job_already_active',
      jobId: other.id,
    });
    await store.cancelJob(other.id, alice);
    expect(await store.retryJob(job.id, bob)).toBeNull();
    expect(await store.retryJob(job.id, alice)).toMatchObject({ status: 'pending', completedAt: null });
  });
}

/** The outlook: the estimate from past runs and the place in line. */
function outlookCases(contract: ContractContext): void {
  it("records a completed run's timing; then a start and a status read carry the estimate, and a waiting job its place in line", async () => {
    const { store, sql, alice, bob } = contract;
    const { job: past, estimatedSeconds: before } = await store.createJob({
      userId: bob,
      ...withPlan(deck('timed', 2), 1),
    });
    expect(before).toBeNull();
    await store.claimJob(past.id, 'w-1', 30);
    await store.saveChunk(past.id, 'w-1', 0, chunkOutput(0));
    await store.saveChunk(past.id, 'w-1', 1, chunkOutput(1));
    // The run started 30 s before it completes: 30 s × 3 lanes ÷ 2 slides = 45 lane-seconds a slide.
    await sql`update talk_track_jobs set started_at = now() - interval '30 seconds' where id = ${past.id}`;
    await store.completeJob(past.id, 'w-1', TALK_TRACK, { model: 'contract-model', lanes: 3 });
    try {
      // 45 × 4 slides ÷ 3 lanes.
      const { job, estimatedSeconds } = await store.createJob({ userId: bob, ...withPlan(deck('estimated', 4), 1) });
      expect(estimatedSeconds).toBe(60);
      expect((await store.getJobWithChunksForUser(job.id, bob))?.outlook).toEqual({
        queueAhead: null,
        estimatedSeconds: 60,
      });

      await store.claimJob(job.id, 'w-1', 30);
      await sql`update talk_track_settings set max_llm_calls_in_flight = 1`;
      const { job: rival } = await store.createJob({ userId: alice, ...withPlan(deck('rival', 1), 1) });
      await store.claimJob(rival.id, 'w-2', 30);
      expect((await store.beginLlmCall(job.id, 'w-1', 3, 60)).decision).toBe('go');
      expect(await store.beginLlmCall(rival.id, 'w-2', 3, 60)).toEqual({ decision: 'wait', ahead: 0 });
      expect((await store.getJobWithChunksForUser(rival.id, alice))?.outlook).toEqual({
        queueAhead: 0,
        estimatedSeconds: 15,
      });
      expect((await store.getJobWithChunksForUser(job.id, bob))?.outlook).toEqual({
        queueAhead: null,
        estimatedSeconds: 60,
      });
      await store.cancelJob(job.id, bob);
      await store.cancelJob(rival.id, alice);
      expect((await store.getJobWithChunksForUser(rival.id, alice))?.outlook).toEqual(NO_OUTLOOK);
    } finally {
      // Other tests of the calling file read outlooks too: history and limit back as they were.
      await sql`update talk_track_settings set max_llm_calls_in_flight = default`;
      await sql`delete from talk_track_job_timings where model = 'contract-model'`;
    }
  });
}

/** The sweep after a released lease. */
function sweepCases(contract: ContractContext): void {
  it('release hands the job to the next claimant, the sweep finds it, and a failed job has no lease to release', async () => {
    const { store, sql, bob } = contract;
    const { job } = await store.createJob({ userId: bob, ...withPlan(deck('handover'), 5) });
    await store.claimJob(job.id, 'w-1', 30);
    expect(await store.releaseJob(job.id, 'w-2')).toBe(false);
    expect(await store.releaseJob(job.id, 'w-1')).toBe(true);
    // A released lease expires at its release time: stale from the next instant on.
    await sql`select pg_sleep(0.002)`;
    const stale = await store.sweepJobs(3600, 50);
    expect(stale).toContain(job.id);
    expect(stale.every((id) => typeof id === 'string')).toBe(true);
    expect(await store.claimJob(job.id, 'w-2', 30)).toMatchObject({ leaseOwner: 'w-2', attempts: 2 });
    expect(await store.sweepJobs(3600, 50)).not.toContain(job.id);

    expect(await store.failJob(job.id, 'w-2', 'llm_timeout', 'The AI took too long.')).toMatchObject({
      status: 'failed',
      errorCode: 'llm_timeout',
    });
    expect(await store.releaseJob(job.id, 'w-2')).toBe(false);
  });
}
