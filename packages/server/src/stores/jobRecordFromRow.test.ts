import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import {
  chunkRecordFromRow,
  JOB_SUMMARY_COLUMNS,
  jobRecordFromRow,
  jobSummaryFromRow,
  type ChunkRow,
  type JobRow,
  type JobSummaryRow,
} from './jobRecordFromRow.ts';

const USER = '7a9e2c41-0d3b-4f6a-8e5c-2b1d0f9e8a7c';

describe('jobRecordFromRow', () => {
  const db = useTestDatabase();
  let jobId: string;
  beforeAll(async () => {
    const deck = { id: 'deck-1', title: 'Deck', slides: [{ title: 'One', bullets: [] }] };
    const [job] = await db.sql<{ id: string }[]>`
      select (job).id from talk_track_create_job(${USER}, 'deck-1', ${db.sql.json(deck)}, 5, 1, 'key-1')`;
    jobId = job!.id;
    await db.sql`select talk_track_claim_job(${jobId}, 'w-1', 30)`;
    await db.sql`select talk_track_save_chunk(${jobId}, 'w-1', 0, ${db.sql.json({ slides: [], opening: 'Hi', closing: 'Bye' })})`;
  });

  it('maps a postgres.js row (Date objects) and a PostgREST JSON row (strings with microseconds) to the same record', async () => {
    const [driverRow] = await db.sql<JobRow[]>`select * from talk_track_jobs where id = ${jobId}`;
    // What PostgREST / supabase-js hands over: to_jsonb prints timestamptz the way PostgREST does.
    const [printed] = await db.sql<
      { json: string }[]
    >`select to_jsonb(j)::text as json from talk_track_jobs j where id = ${jobId}`;
    const jsonRow = JSON.parse(printed!.json) as JobRow;
    expect(jsonRow.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00$/);

    const fromDriver = jobRecordFromRow(driverRow!);
    expect(jobRecordFromRow(jsonRow)).toEqual(fromDriver);
    expect(fromDriver).toMatchObject({
      id: jobId,
      userId: USER,
      status: 'processing',
      progress: 99,
      currentChunk: 1,
      totalChunks: 1,
      chunkSize: 5,
      slideCount: 1,
      input: { id: 'deck-1', title: 'Deck', slides: [{ title: 'One', bullets: [] }] },
      plan: [{ index: 0, start: 0, end: 1 }],
      leaseOwner: 'w-1',
      idempotencyKey: 'key-1',
      completedAt: null,
    });
    expect(fromDriver.createdAt).toBe(new Date(jsonRow.created_at).toISOString());
    expect(fromDriver.leaseExpiresAt).toMatch(/Z$/);
  });

  it('maps a row of the summary columns to the record without its input, in both shapes', async () => {
    const [driverRow] = await db.sql<
      JobSummaryRow[]
    >`select ${db.sql(JOB_SUMMARY_COLUMNS)} from talk_track_jobs where id = ${jobId}`;
    const [printed] = await db.sql<{ json: string }[]>`
      select to_jsonb(j)::text as json from (select ${db.sql(JOB_SUMMARY_COLUMNS)} from talk_track_jobs where id = ${jobId}) j`;
    const [wholeRow] = await db.sql<JobRow[]>`select * from talk_track_jobs where id = ${jobId}`;

    const summary = jobSummaryFromRow(driverRow!);
    expect(jobSummaryFromRow(JSON.parse(printed!.json) as JobSummaryRow)).toEqual(summary);
    const { input, plan, ...rest } = jobRecordFromRow(wholeRow!);
    expect(summary).toEqual(rest);
    expect(plan).toEqual([{ index: 0, start: 0, end: 1 }]);
    expect(input).toEqual({ id: 'deck-1', title: 'Deck', slides: [{ title: 'One', bullets: [] }] });
    expect(summary).not.toHaveProperty('input');
    expect(summary).not.toHaveProperty('plan');
  });

  it('lists every column of talk_track_jobs but the worker’s (input, chunk_starts) as the summary columns', async () => {
    const columns = await db.sql<{ name: string }[]>`
      select column_name as name from information_schema.columns
       where table_schema = 'public' and table_name = 'talk_track_jobs' order by ordinal_position`;
    expect([...JOB_SUMMARY_COLUMNS].sort()).toEqual(
      columns
        .map((column) => column.name)
        .filter((name) => name !== 'input' && name !== 'chunk_starts')
        .sort(),
    );
  });

  it('maps chunk rows in both shapes alike', async () => {
    const [driverRow] = await db.sql<ChunkRow[]>`select * from talk_track_chunks where job_id = ${jobId}`;
    const [printed] = await db.sql<
      { json: string }[]
    >`select to_jsonb(c)::text as json from talk_track_chunks c where job_id = ${jobId}`;
    const record = chunkRecordFromRow(driverRow!);
    expect(chunkRecordFromRow(JSON.parse(printed!.json) as ChunkRow)).toEqual(record);
    expect(record).toMatchObject({ jobId, chunkIndex: 0, output: { slides: [], opening: 'Hi', closing: 'Bye' } });
  });

  it('refuses a status this package does not know, saying why', () => {
    const row = { status: 'paused', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' } as JobRow;
    expect(() => jobRecordFromRow(row)).toThrow(/unknown value "paused".*migration/);
  });
});
