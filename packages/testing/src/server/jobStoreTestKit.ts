// Test support for the job store tests: decks, chunk outputs, a job's whole row and a way to look at
// a rejection.
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import type { Deck } from '@talk-track/core';
import {
  JOB_SUMMARY_COLUMNS,
  jobRecordFromRow,
  planChunks,
  type ChunkOutput,
  type CreateJobArgs,
  type JobOutlook,
  type JobRecord,
  type JobRow,
  type JobSummary,
} from '../internals/index.ts';

export function deck(id: string, slides = 3): Deck {
  return {
    id,
    title: 'Launch plan',
    slides: Array.from({ length: slides }, (_, i) => ({ title: `Slide ${i + 1}`, bullets: ['A point'] })),
  };
}

/** A deck with the plan the route handler would store for it, for `createJob`. */
export function withPlan(deck: Deck, chunkSize: number): Pick<CreateJobArgs, 'deck' | 'chunkSize' | 'plan'> {
  return { deck, chunkSize, plan: planChunks(deck.slides, chunkSize) };
}

/** What a worker saves for chunk `index`: one slide, and the opening with the first chunk. */
export function chunkOutput(index: number): ChunkOutput {
  return {
    slides: [
      {
        index,
        title: `Slide ${index + 1}`,
        script: 'Say this.',
        keyPoints: ['A point'],
        transition: 'Next.',
        durationSeconds: 40,
      },
    ],
    opening: index === 0 ? 'Welcome.' : null,
    closing: null,
  };
}

/**
 * The job's whole row (input included, whoever owns it), read with SQL for a test's assertions.
 * No production code needs that read (the worker gets the job from its claim), so the `JobStore`
 * has none. Throws when no row has the id.
 */
export async function readJob(sql: postgres.Sql, jobId: string): Promise<JobRecord> {
  const [row] = await sql<JobRow[]>`select * from public.talk_track_jobs where id = ${jobId}`;
  if (!row) throw new Error(`no talk_track_jobs row has id ${jobId}`);
  return jobRecordFromRow(row);
}

/** The error `promise` rejects with, to assert on; fails the test when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** A job's outlook while it waits for nothing and the database has no history. */
export const NO_OUTLOOK: JobOutlook = { queueAhead: null, estimatedSeconds: null };

/** What the status reads answer for `job`: the record without its input deck and plan. */
export function summaryOf(job: JobRecord): JobSummary {
  const { input: _input, plan: _plan, ...summary } = job;
  return summary;
}

export interface RoleWithoutInput {
  name: string;
  drop(): Promise<void>;
}

/**
 * A role that may read every column of `talk_track_jobs` except `input` (and the chunks), past
 * RLS. A store connected as it proves a read never selects the deck: Postgres refuses any
 * statement naming that column (`permission denied`), whatever the SQL text looks like.
 */
export async function createRoleWithoutInput(sql: postgres.Sql): Promise<RoleWithoutInput> {
  // Roles belong to the whole cluster, which other test files share: a name of its own.
  const name = `talk_track_no_input_${randomBytes(6).toString('hex')}`;
  await sql.unsafe(`create role ${name} nologin bypassrls`);
  await sql`grant select (${sql(JOB_SUMMARY_COLUMNS)}) on public.talk_track_jobs to ${sql(name)}`;
  await sql`grant select on public.talk_track_chunks to ${sql(name)}`;
  // The outlook a status read computes (place in line, estimate) reads the same columns and the timings.
  await sql`grant select on public.talk_track_job_timings to ${sql(name)}`;
  await sql`grant execute on function public.talk_track_job_outlook(uuid), public.talk_track_waiting_ahead(uuid), public.talk_track_estimate_seconds(int) to ${sql(name)}`;
  return {
    name,
    async drop() {
      await sql.unsafe(`drop owned by ${name}`);
      await sql.unsafe(`drop role ${name}`);
    },
  };
}
