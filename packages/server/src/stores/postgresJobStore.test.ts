import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import postgres3 from 'postgres-v3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import { JobStoreError, type JobStore } from '../jobStore.ts';
import {
  chunkOutput,
  describeJobStoreContract,
  createRoleWithoutInput,
  deck,
  rejection,
  summaryOf,
  withPlan,
  NO_OUTLOOK,
} from '@talk-track/testing/server';
import { createPostgresJobStore } from './postgresJobStore.ts';
import { jobStoreErrorFrom } from './jobStoreErrorFrom.ts';
import { freePort } from '../../../../tooling/src/freePort.ts';

const ALICE = '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f';

describe('createPostgresJobStore', () => {
  const db = useTestDatabase();
  let store: JobStore;
  beforeAll(async () => {
    store = createPostgresJobStore(db.sql);
  });

  describeJobStoreContract('keeps the JobStore contract', () => ({ store, sql: db.sql }));

  it('refuses a user id that is not a uuid with a message saying so', async () => {
    await expect(store.createJob({ userId: 'user_123', ...withPlan(deck('x'), 5) })).rejects.toThrow(/uuid/);
  });

  it('runs the status reads without selecting the input column', async () => {
    const { job } = await store.createJob({ userId: ALICE, ...withPlan(deck('no-input', 2), 5) });
    const role = await createRoleWithoutInput(db.sql);
    // The role as a startup parameter: every statement on this connection runs as it.
    const limited = postgres(db.url, { max: 1, prepare: false, onnotice: () => {}, connection: { role: role.name } });
    try {
      const reader = createPostgresJobStore(limited);
      expect(await reader.getJobForUser(job.id, ALICE)).toEqual(summaryOf(job));
      expect(await reader.findLatestJobForDeck(ALICE, 'no-input')).toEqual(summaryOf(job));
      expect(await reader.getJobWithChunksForUser(job.id, ALICE)).toEqual({
        job: summaryOf(job),
        chunks: [],
        outlook: NO_OUTLOOK,
      });
      // The fence holds: reading the deck as this role is refused, so the reads above never did.
      expect(String(await rejection(limited`select input from public.talk_track_jobs where id = ${job.id}`))).toMatch(
        /permission denied for table talk_track_jobs/,
      );
    } finally {
      await limited.end();
      await role.drop();
    }
  });

  it('reads a job with its saved chunks in one statement (one round trip)', async () => {
    const { job } = await store.createJob({ userId: ALICE, ...withPlan(deck('one-trip', 2), 1) });
    await store.claimJob(job.id, 'w-1', 30);
    await store.saveChunk(job.id, 'w-1', 0, chunkOutput(0));
    let statements = 0;
    const counted = postgres(db.url, { max: 1, prepare: false, onnotice: () => {}, debug: () => void statements++ });
    try {
      // Connect first: postgres.js reads the server's array types on a new connection.
      await counted`select 1`;
      statements = 0;
      const read = await createPostgresJobStore(counted).getJobWithChunksForUser(job.id, ALICE);
      expect(read?.chunks.map((chunk) => chunk.chunkIndex)).toEqual([0]);
      expect(statements).toBe(1);
    } finally {
      await counted.end();
    }
  });

  it('answers the latest-job lookup and the RLS filter from one index', async () => {
    // Enough rows that the planner has a choice; seqscan off so the plan shows what index serves it.
    await db.sql`
      insert into talk_track_jobs (user_id, deck_id, status, input, total_chunks, chunk_size, slide_count, chunk_starts, created_at, completed_at)
      select gen_random_uuid(), 'bulk-' || n, 'cancelled', ${db.sql.json(deck('bulk') as never)}, 1, 5, 3, '{0}', now() - n * interval '1 second', now()
        from generate_series(1, 500) as n`;
    await db.sql`analyze talk_track_jobs`;
    const plan = async (query: string) =>
      db.sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        const rows = await tx.unsafe(`explain ${query}`);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    const latest = await plan(
      `select * from talk_track_jobs where user_id = '${ALICE}' and deck_id = 'latest' order by created_at desc limit 1`,
    );
    expect(latest).toContain('talk_track_jobs_latest_per_deck');
    expect(latest).not.toMatch(/Sort/);
    expect(await plan(`select * from talk_track_jobs where user_id = '${ALICE}'`)).toContain(
      'talk_track_jobs_latest_per_deck',
    );
    const [row] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from pg_indexes where indexname = 'talk_track_jobs_user_id'`;
    expect(row!.n).toBe(0);
  });
});

// postgres is a peer with the range ^3.4.9 || ^4.0.0: the workspace runs 4, so the contract runs
// once more on a pool of the lowest 3 (3 typed a Date or boolean parameter itself; 4 leaves it to
// the server). The types of both majors are checked by `npm run typecheck`.
describe('createPostgresJobStore on postgres 3.4.9', () => {
  const db = useTestDatabase();
  let sql3: ReturnType<typeof postgres3>;
  let store: JobStore;
  beforeAll(() => {
    sql3 = postgres3(db.url, { prepare: false, onnotice: () => {} });
    // 3's Sql is not 4's type, though it is the same API to the store: see tsconfig.postgres3.json.
    store = createPostgresJobStore(sql3 as unknown as postgres.Sql);
  });
  afterAll(() => sql3.end());

  it('runs on the 3.4.9 the alias installs', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../../../node_modules/postgres-v3/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(manifest.version).toBe('3.4.9');
  });

  describeJobStoreContract('keeps the JobStore contract', () => ({ store, sql: db.sql }));
});

describe('createPostgresJobStore when the database is away', () => {
  it('reports unavailable when nothing listens (ECONNREFUSED)', async () => {
    const port = await freePort();
    const sql = postgres(`postgres://nobody:nothing@127.0.0.1:${port}/none`, {
      max: 1,
      prepare: false,
      connect_timeout: 5,
    });
    try {
      const error = await rejection(
        createPostgresJobStore(sql).getJobForUser('00000000-0000-4000-8000-000000000000', ALICE),
      );
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
        const outcome = rejection(store.getJobForUser('00000000-0000-4000-8000-000000000000', ALICE));
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
  const db = useTestDatabase();

  const raised = (sqlstate: string, detail = '') =>
    rejection(
      db.sql.unsafe(
        `do $$ begin raise exception 'raised for the test' using errcode = '${sqlstate}', detail = '${detail}'; end $$`,
      ),
    );

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

  it('keeps the active job id from DETAIL, and says a statement refused for good is rejected, with its SQLSTATE and the cause', async () => {
    expect(jobStoreErrorFrom(await raised('TT409', '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f'))).toMatchObject({
      jobId: '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f',
    });
    const constraintViolation = await raised('23514');
    expect(jobStoreErrorFrom(constraintViolation)).toMatchObject({
      code: 'rejected',
      sqlState: '23514',
      cause: constraintViolation,
    });
    const undefinedFunction = await rejection(db.sql`select no_such_function()`);
    expect(jobStoreErrorFrom(undefinedFunction)).toMatchObject({
      code: 'rejected',
      sqlState: '42883',
      cause: undefinedFunction,
    });
  });

  it('reads PostgREST error bodies the same way (details, PGRST connection codes)', () => {
    const jobId = '5d0c7a7e-3f55-4c2b-9d0e-6a1b2c3d4e5f';
    const active = {
      code: 'TT409',
      message: 'A talk track job is already running for this deck',
      details: jobId,
      hint: null,
    };
    expect(jobStoreErrorFrom(active)).toMatchObject({ code: 'job_already_active', jobId });
    expect(
      jobStoreErrorFrom({ code: 'PGRST001', message: 'Database client error', details: null, hint: null }),
    ).toMatchObject({
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
