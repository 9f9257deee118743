import postgres from 'postgres';
import type { Deck, TalkTrack } from '@talk-track/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import { JobStoreError, type JobStore } from '../jobStore.ts';
import { createPostgresJobStore } from './postgresJobStore.ts';
import { jobStoreErrorFrom } from './postgresJobStoreError.ts';
import { freePort } from '../../../../tooling/src/freePort.ts';

const ALICE = '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f';
const BOB = 'c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b';

const deck = (id: string, slides = 3): Deck => ({
  id,
  title: 'Launch plan',
  slides: Array.from({ length: slides }, (_, i) => ({ title: `Slide ${i + 1}`, bullets: ['A point'] })),
});

const output = (index: number) => ({
  slides: [{ index, title: `Slide ${index + 1}`, script: 'Say this.', keyPoints: ['A point'], transition: 'Next.', durationSeconds: 40 }],
  opening: index === 0 ? 'Welcome.' : null,
  closing: null,
});

const TALK_TRACK: TalkTrack = { opening: 'Welcome.', slides: [], closing: 'Thanks.', totalDurationSeconds: 120 };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createPostgresJobStore', () => {
  let db: TestDatabase;
  let store: JobStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createPostgresJobStore(db.sql);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates a pending job and maps the row to a JobRecord', async () => {
    const job = await store.createJob({ userId: ALICE, deck: deck('create'), chunkSize: 2, totalChunks: 2, idempotencyKey: 'k-create' });
    expect(job).toMatchObject({
      userId: ALICE,
      deckId: 'create',
      status: 'pending',
      progress: 0,
      currentChunk: 0,
      totalChunks: 2,
      chunkSize: 2,
      input: deck('create'),
      result: null,
      errorCode: null,
      errorMessage: null,
      attempts: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
      idempotencyKey: 'k-create',
      startedAt: null,
      completedAt: null,
    });
    expect(job.createdAt).toMatch(ISO);
    expect(job.updatedAt).toMatch(ISO);
    expect(await store.getJob(job.id)).toEqual(job);
  });

  it('returns the same job for a repeated idempotency key', async () => {
    const args = { userId: ALICE, deck: deck('idem'), chunkSize: 5, totalChunks: 1, idempotencyKey: 'k-idem' };
    const first = await store.createJob(args);
    expect((await store.createJob(args)).id).toBe(first.id);
  });

  it('throws job_already_active with the active job id', async () => {
    const active = await store.createJob({ userId: ALICE, deck: deck('busy'), chunkSize: 5, totalChunks: 1 });
    const error = await caught(store.createJob({ userId: ALICE, deck: deck('busy'), chunkSize: 5, totalChunks: 1 }));
    expect(error).toBeInstanceOf(JobStoreError);
    expect(error).toMatchObject({ code: 'job_already_active', jobId: active.id });
  });

  it('refuses a user id that is not a uuid with a message saying so', async () => {
    await expect(store.createJob({ userId: 'user_123', deck: deck('x'), chunkSize: 5, totalChunks: 1 })).rejects.toThrow(/uuid/);
  });

  it('reads a job only for its owner; unknown and malformed ids are null', async () => {
    const job = await store.createJob({ userId: ALICE, deck: deck('private'), chunkSize: 5, totalChunks: 1 });
    expect((await store.getJobForUser(job.id, ALICE))?.id).toBe(job.id);
    expect(await store.getJobForUser(job.id, BOB)).toBeNull();
    expect(await store.getJobForUser('not-a-uuid', ALICE)).toBeNull();
    expect(await store.getJob('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await store.getJob('not-a-uuid')).toBeNull();
  });

  it("finds the user's latest job for a deck, whatever its status, and nobody else's", async () => {
    expect(await store.findLatestJobForDeck(ALICE, 'latest')).toBeNull();
    const older = await store.createJob({ userId: ALICE, deck: deck('latest'), chunkSize: 5, totalChunks: 1 });
    await store.cancelJob(older.id, ALICE);
    expect(await store.findLatestJobForDeck(ALICE, 'latest')).toMatchObject({ id: older.id, status: 'cancelled' });
    const newer = await store.createJob({ userId: ALICE, deck: deck('latest'), chunkSize: 5, totalChunks: 1 });
    expect(await store.findLatestJobForDeck(ALICE, 'latest')).toEqual(newer);
    expect(await store.findLatestJobForDeck(BOB, 'latest')).toBeNull();
    expect(await store.findLatestJobForDeck(ALICE, 'latest-2')).toBeNull();
    expect(await store.findLatestJobForDeck('not-a-uuid', 'latest')).toBeNull();
  });

  it('answers the latest-job lookup and the RLS filter from one index', async () => {
    // Enough rows that the planner has a choice; seqscan off so the plan shows what index serves it.
    await db.sql`
      insert into talk_track_jobs (user_id, deck_id, status, input, total_chunks, chunk_size, slide_count, created_at, completed_at)
      select gen_random_uuid(), 'bulk-' || n, 'cancelled', ${db.sql.json(deck('bulk') as never)}, 1, 5, 3, now() - n * interval '1 second', now()
        from generate_series(1, 500) as n`;
    await db.sql`analyze talk_track_jobs`;
    const plan = async (query: string) =>
      db.sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        const rows = await tx.unsafe(`explain ${query}`);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    const latest = await plan(`select * from talk_track_jobs where user_id = '${ALICE}' and deck_id = 'latest' order by created_at desc limit 1`);
    expect(latest).toContain('talk_track_jobs_latest_per_deck');
    expect(latest).not.toMatch(/Sort/);
    expect(await plan(`select * from talk_track_jobs where user_id = '${ALICE}'`)).toContain('talk_track_jobs_latest_per_deck');
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from pg_indexes where indexname = 'talk_track_jobs_user_id'`;
    expect(row!.n).toBe(0);
  });

  it('runs a job through the worker calls: claim, heartbeat, chunks, complete', async () => {
    const job = await store.createJob({ userId: ALICE, deck: deck('run', 3), chunkSize: 2, totalChunks: 2 });
    const claimed = await store.claimJob(job.id, 'w-1', 30);
    expect(claimed).toMatchObject({ status: 'processing', leaseOwner: 'w-1', attempts: 1 });
    expect(claimed!.leaseExpiresAt).toMatch(ISO);
    expect(await store.claimJob(job.id, 'w-2', 30)).toBeNull();
    expect(await store.heartbeat(job.id, 'w-1', 30)).toBe(true);
    expect(await store.heartbeat(job.id, 'w-2', 30)).toBe(false);

    expect(await store.saveChunk(job.id, 'w-1', 1, output(1))).toMatchObject({ currentChunk: 1, progress: 50 });
    expect(await store.saveChunk(job.id, 'w-2', 0, output(0))).toBeNull();
    expect(await store.saveChunk(job.id, 'w-1', 0, output(0))).toMatchObject({ currentChunk: 2, progress: 99 });

    const chunks = await store.listChunks(job.id);
    expect(chunks.map((c) => [c.jobId, c.chunkIndex, c.output])).toEqual([
      [job.id, 0, output(0)],
      [job.id, 1, output(1)],
    ]);
    expect(chunks[0]!.createdAt).toMatch(ISO);

    const done = await store.completeJob(job.id, 'w-1', TALK_TRACK);
    expect(done).toMatchObject({ status: 'completed', progress: 100, result: TALK_TRACK, leaseOwner: null });
    expect(done!.completedAt).toMatch(ISO);
    expect(await store.listChunks('not-a-uuid')).toEqual([]);
  });

  it('fails, retries and cancels for the owner; refusals are invalid_transition', async () => {
    const job = await store.createJob({ userId: ALICE, deck: deck('fail'), chunkSize: 5, totalChunks: 1 });
    await store.claimJob(job.id, 'w-1', 30);
    expect(await store.failJob(job.id, 'w-1', 'llm_timeout', 'The AI service took too long')).toMatchObject({
      status: 'failed',
      errorCode: 'llm_timeout',
      errorMessage: 'The AI service took too long',
    });
    expect(await store.failJob(job.id, 'w-1', 'llm_timeout', 'again')).toBeNull();

    const cancelFailed = await caught(store.cancelJob(job.id, ALICE));
    expect(cancelFailed).toBeInstanceOf(JobStoreError);
    expect(cancelFailed).toMatchObject({ code: 'invalid_transition' });

    expect(await store.retryJob(job.id, BOB)).toBeNull();
    expect(await store.retryJob(job.id, ALICE)).toMatchObject({ status: 'pending', errorCode: null });
    expect(await caught(store.retryJob(job.id, ALICE))).toMatchObject({ code: 'invalid_transition' });

    expect(await store.cancelJob(job.id, BOB)).toBeNull();
    expect(await store.cancelJob('not-a-uuid', ALICE)).toBeNull();
    expect(await store.cancelJob(job.id, ALICE)).toMatchObject({ status: 'cancelled' });
  });

  it('release hands the job to the next claimant, and stale jobs are found', async () => {
    const job = await store.createJob({ userId: BOB, deck: deck('handover'), chunkSize: 5, totalChunks: 1 });
    await store.claimJob(job.id, 'w-1', 30);
    expect(await store.releaseJob(job.id, 'w-2')).toBe(false);
    expect(await store.releaseJob(job.id, 'w-1')).toBe(true);
    // A released lease expires at its release time: stale from the next instant on.
    await db.sql`select pg_sleep(0.002)`;
    expect(await store.findStaleJobs(3600, 50)).toContain(job.id);
    expect(await store.claimJob(job.id, 'w-2', 30)).toMatchObject({ leaseOwner: 'w-2', attempts: 2 });
    expect(await store.findStaleJobs(3600, 50)).not.toContain(job.id);
  });
});

describe('createPostgresJobStore when the database is away', () => {
  it('reports unavailable when nothing listens (ECONNREFUSED)', async () => {
    const port = await freePort();
    const sql = postgres(`postgres://nobody:nothing@127.0.0.1:${port}/none`, { max: 1, prepare: false, connect_timeout: 5 });
    try {
      const error = await caught(createPostgresJobStore(sql).getJob('00000000-0000-4000-8000-000000000000'));
      expect(error).toBeInstanceOf(JobStoreError);
      expect(error).toMatchObject({ code: 'unavailable' });
      expect((error as Error).message).toContain('ECONNREFUSED');
    } finally {
      await sql.end();
    }
  });

  it('reports unavailable when the server ends the session mid-query (pg_terminate_backend)', async () => {
    const db = await createTestDatabase();
    const victim = postgres(db.url, { max: 1, prepare: false, onnotice: () => {} });
    try {
      const [session] = await victim<{ pid: number }[]>`select pg_backend_pid() as pid`;
      const store = createPostgresJobStore(victim);
      const error = await db.sql.begin(async (tx) => {
        // Hold the table so the store's read waits in the server, then end its session from outside.
        await tx`lock table talk_track_jobs in access exclusive mode`;
        const outcome = caught(store.getJob('00000000-0000-4000-8000-000000000000'));
        await waitUntilWaitingForLock(db.sql, session!.pid);
        await db.sql`select pg_terminate_backend(${session!.pid})`;
        return outcome;
      });
      expect(error).toBeInstanceOf(JobStoreError);
      expect(error).toMatchObject({ code: 'unavailable' });
    } finally {
      // The session is already gone: do not wait for a goodbye it cannot send.
      await victim.end({ timeout: 0 });
      await db.drop();
    }
  });
});

describe('jobStoreErrorFrom (errors as Postgres raises them)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const raised = (sqlstate: string, detail = '') =>
    caught(db.sql.unsafe(`do $$ begin raise exception 'raised for the test' using errcode = '${sqlstate}', detail = '${detail}'; end $$`));

  it.each([
    ['TT409', 'job_already_active'],
    ['TT422', 'invalid_transition'],
    ['57P01', 'unavailable'],
    ['08006', 'unavailable'],
    ['53300', 'unavailable'],
  ])('%s → %s', async (sqlstate, code) => {
    const mapped = jobStoreErrorFrom(await raised(sqlstate, 'a-detail'));
    expect(mapped).toBeInstanceOf(JobStoreError);
    expect(mapped).toMatchObject({ code });
  });

  it('keeps the active job id from DETAIL, and passes bugs through unchanged', async () => {
    expect(jobStoreErrorFrom(await raised('TT409', '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f'))).toMatchObject({
      jobId: '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f',
    });
    const constraintViolation = await raised('23514');
    expect(jobStoreErrorFrom(constraintViolation)).toBe(constraintViolation);
    const undefinedFunction = await caught(db.sql`select no_such_function()`);
    expect(jobStoreErrorFrom(undefinedFunction)).toBe(undefinedFunction);
  });

  it('reads PostgREST error bodies the same way (details, PGRST connection codes)', () => {
    const jobId = '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f';
    const active = { code: 'TT409', message: 'A talk track job is already running for this deck', details: jobId, hint: null };
    expect(jobStoreErrorFrom(active)).toMatchObject({ code: 'job_already_active', jobId });
    expect(jobStoreErrorFrom({ code: 'PGRST001', message: 'Database client error', details: null, hint: null })).toMatchObject({
      code: 'unavailable',
    });
  });
});

async function waitUntilWaitingForLock(sql: postgres.Sql, pid: number): Promise<void> {
  // The other session's state is only visible in pg_stat_activity: poll it (a few ms at most).
  for (let i = 0; i < 500; i++) {
    const [row] = await sql`select wait_event_type from pg_stat_activity where pid = ${pid}`;
    if (row?.wait_event_type === 'Lock') return;
  }
  throw new Error(`session ${pid} never waited for the lock`);
}
