import type postgres from 'postgres';
import type {
  ChunkOutput,
  ChunkRecord,
  CreatedJob,
  CreateJobArgs,
  JobRecord,
  JobStore,
  JobSummary,
  JobWithChunks,
  LlmSlotDecision,
} from '../jobStore.ts';

import {
  chunkRecordFromRow,
  JOB_SUMMARY_COLUMNS,
  jobRecordFromRow,
  jobSummaryFromRow,
  outlookFromRow,
  slotDecisionFromRow,
  type ChunkRow,
  type OutlookRow,
  type SlotDecisionRow,
  type JobRow,
  type JobSummaryRow,
} from './jobRecordFromRow.ts';
import { isUuid } from '../isUuid.ts';
import { jobStoreErrorFrom } from './jobStoreErrorFrom.ts';

/**
 * The job store over direct SQL (postgres.js): every state change is one call to the migration's
 * `talk_track_*` functions, so this file holds no state-machine logic of its own.
 *
 * The caller owns the connection pool and its lifetime:
 *
 * ```ts
 * import postgres from 'postgres';
 * // prepare: false — Supabase's pooler (Supavisor, transaction mode, port 6543) cannot keep
 * // prepared statements across transactions. Harmless on a direct connection.
 * const store = createPostgresJobStore(postgres(process.env.DATABASE_URL!, { prepare: false }));
 * ```
 *
 * Connect as a role that may execute the functions: the table owner (`postgres` on Supabase,
 * e.g. `SUPABASE_DB_URL`) or `service_role`.
 */
export function createPostgresJobStore(sql: postgres.Sql): JobStore {
  return {
    createJob: (args) => createJob(sql, args),
    getJobForUser: (jobId, userId) => getJobForUser(sql, jobId, userId),
    getJobWithChunksForUser: (jobId, userId) => getJobWithChunksForUser(sql, jobId, userId),
    findLatestJobForDeck: (userId, deckId) => findLatestJobForDeck(sql, userId, deckId),
    listChunks: (jobId) => listChunks(sql, jobId),
    claimJob: (jobId, owner, leaseSeconds) =>
      jobOrNull(() => sql<JobRow[]>`select * from public.talk_track_claim_job(${jobId}, ${owner}, ${leaseSeconds})`),
    beginLlmCall: (jobId, owner, lanes, callSeconds) => beginLlmCall(sql, jobId, owner, lanes, callSeconds),
    endLlmCall: async (slotId) => {
      await rows(() => sql`select public.talk_track_end_llm_call(${slotId})`);
    },
    isLeaseHeld: (jobId, owner) =>
      flag(() => sql<{ ok: boolean }[]>`select public.talk_track_lease_held(${jobId}, ${owner}) as ok`),
    heartbeat: (jobId, owner, leaseSeconds) =>
      flag(() => sql<{ ok: boolean }[]>`select public.talk_track_heartbeat(${jobId}, ${owner}, ${leaseSeconds}) as ok`),
    saveChunk: (jobId, owner, chunkIndex, output: ChunkOutput, usage, responseFormat) =>
      jobOrNull(
        () => sql<JobRow[]>`
        select * from public.talk_track_save_chunk(
          ${jobId}, ${owner}, ${chunkIndex}, ${sql.json(output as unknown as postgres.JSONValue)},
          ${usage?.tokensIn ?? 0}, ${usage?.tokensOut ?? 0}, ${usage?.tokensReasoning ?? 0}, ${responseFormat ?? null})`,
      ),
    recordBilledUsage: (jobId, owner, usage) =>
      flag(
        () => sql<{ ok: boolean }[]>`
        select public.talk_track_record_billed_usage(
          ${jobId}, ${owner}, ${usage.tokensIn}, ${usage.tokensOut}, ${usage.tokensReasoning ?? 0}) as ok`,
      ),
    completeJob: (jobId, owner, result, timing) =>
      jobOrNull(
        () => sql<JobRow[]>`
        select * from public.talk_track_complete_job(
          ${jobId}, ${owner}, ${sql.json(result as unknown as postgres.JSONValue)}, ${timing?.model ?? null}, ${timing?.lanes ?? null})`,
      ),
    failJob: (jobId, owner, errorCode, errorMessage, errorDetail) =>
      jobOrNull(
        () => sql<JobRow[]>`
        select * from public.talk_track_fail_job(${jobId}, ${owner}, ${errorCode}, ${errorMessage}, ${errorDetail ?? null})`,
      ),
    releaseJob: (jobId, owner) =>
      flag(() => sql<{ ok: boolean }[]>`select public.talk_track_release_job(${jobId}, ${owner}) as ok`),
    cancelJob: (jobId, userId) =>
      ownedJobOrNull(
        jobId,
        userId,
        () => sql<JobRow[]>`select * from public.talk_track_cancel_job(${jobId}, ${userId})`,
      ),
    retryJob: (jobId, userId) =>
      ownedJobOrNull(
        jobId,
        userId,
        () => sql<JobRow[]>`select * from public.talk_track_retry_job(${jobId}, ${userId})`,
      ),
    sweepJobs: (pendingGraceSeconds, limit) => sweepJobs(sql, pendingGraceSeconds, limit),
    reviveJob: (jobId, pendingGraceSeconds, throttleSeconds) =>
      flag(
        () => sql<{ ok: boolean }[]>`
        select public.talk_track_revive_job(${jobId}, ${pendingGraceSeconds}, ${throttleSeconds}) as ok`,
      ),
  };
}

async function createJob(
  sql: postgres.Sql,
  { userId, deck, chunkSize, plan, idempotencyKey }: CreateJobArgs,
): Promise<CreatedJob> {
  if (!isUuid(userId)) {
    throw new TypeError(`talk_track_jobs.user_id is a uuid (a Supabase auth user id); getUserId returned "${userId}".`);
  }
  // The function answers (job, created): the job's columns spread out, so postgres.js types them.
  const [row] = await rows(
    () => sql<(JobRow & { created: boolean; estimated_seconds: number | null })[]>`
    select (r.job).*, r.created, r.estimated_seconds from public.talk_track_create_job(
      ${userId}, ${deck.id}, ${sql.json(deck as unknown as postgres.JSONValue)},
      ${chunkSize}, ${plan.length}, ${idempotencyKey ?? null}, ${plan.map((chunk) => chunk.start)}::int[]) r`,
  );
  if (!row) throw new Error('talk_track_create_job returned no row');
  return { job: jobRecordFromRow(row), created: row.created, estimatedSeconds: row.estimated_seconds };
}

async function getJobForUser(sql: postgres.Sql, jobId: string, userId: string): Promise<JobSummary | null> {
  // A malformed id names no job; asking Postgres would only raise 22P02.
  if (!isUuid(jobId) || !isUuid(userId)) return null;
  return summaryOrNull(
    () => sql<JobSummaryRow[]>`
    select ${sql(JOB_SUMMARY_COLUMNS)} from public.talk_track_jobs where id = ${jobId} and user_id = ${userId}`,
  );
}

async function getJobWithChunksForUser(
  sql: postgres.Sql,
  jobId: string,
  userId: string,
): Promise<JobWithChunks | null> {
  if (!isUuid(jobId) || !isUuid(userId)) return null;
  // One statement, one round trip: the chunks come along as a json array (a completed job's
  // result carries every slide, so it brings none), and the outlook as two columns.
  const [row] = await rows(
    () => sql<(JobSummaryRow & OutlookRow & { chunks: ChunkRow[] })[]>`
    select ${sql(JOB_SUMMARY_COLUMNS.map((column) => `j.${column}`))},
           case when j.status = 'completed' then '[]'::json else (
             select coalesce(json_agg(c order by c.chunk_index), '[]'::json)
               from (select job_id, chunk_index, output, created_at from public.talk_track_chunks where job_id = j.id) c
           ) end as chunks,
           o.queue_ahead, o.estimated_seconds
      from public.talk_track_jobs j
      left join lateral public.talk_track_job_outlook(j.id) o on true
     where j.id = ${jobId} and j.user_id = ${userId}`,
  );
  return row
    ? { job: jobSummaryFromRow(row), chunks: row.chunks.map(chunkRecordFromRow), outlook: outlookFromRow(row) }
    : null;
}

async function findLatestJobForDeck(sql: postgres.Sql, userId: string, deckId: string): Promise<JobSummary | null> {
  if (!isUuid(userId)) return null;
  // One probe of talk_track_jobs_latest_per_deck (user_id, deck_id, created_at desc).
  return summaryOrNull(
    () => sql<JobSummaryRow[]>`
    select ${sql(JOB_SUMMARY_COLUMNS)} from public.talk_track_jobs where user_id = ${userId} and deck_id = ${deckId}
     order by created_at desc limit 1`,
  );
}

async function listChunks(sql: postgres.Sql, jobId: string): Promise<ChunkRecord[]> {
  if (!isUuid(jobId)) return [];
  const found = await rows(
    () => sql<ChunkRow[]>`
    select job_id, chunk_index, output, created_at from public.talk_track_chunks
     where job_id = ${jobId} order by chunk_index`,
  );
  return found.map(chunkRecordFromRow);
}

async function beginLlmCall(
  sql: postgres.Sql,
  jobId: string,
  owner: string,
  lanes: number,
  callSeconds: number,
): Promise<LlmSlotDecision> {
  const [row] = await rows(
    () => sql<SlotDecisionRow[]>`
    select * from public.talk_track_begin_llm_call(${jobId}, ${owner}, ${lanes}, ${callSeconds})`,
  );
  return slotDecisionFromRow(row);
}

async function sweepJobs(sql: postgres.Sql, pendingGraceSeconds: number | null, limit: number): Promise<string[]> {
  const found = await rows(
    () => sql<{ id: string }[]>`
    select id from public.talk_track_sweep_jobs(${pendingGraceSeconds}, ${limit}) as id`,
  );
  return found.map((row) => row.id);
}

async function rows<T>(query: () => Promise<readonly T[]>): Promise<readonly T[]> {
  try {
    return await query();
  } catch (error) {
    throw jobStoreErrorFrom(error);
  }
}

async function jobOrNull(query: () => Promise<readonly JobRow[]>): Promise<JobRecord | null> {
  const [row] = await rows(query);
  return row ? jobRecordFromRow(row) : null;
}

/** A user's action on a job: a malformed id names no job, so nothing is asked. */
async function ownedJobOrNull(
  jobId: string,
  userId: string,
  query: () => Promise<readonly JobRow[]>,
): Promise<JobRecord | null> {
  return isUuid(jobId) && isUuid(userId) ? jobOrNull(query) : null;
}

async function summaryOrNull(query: () => Promise<readonly JobSummaryRow[]>): Promise<JobSummary | null> {
  const [row] = await rows(query);
  return row ? jobSummaryFromRow(row) : null;
}

async function flag(query: () => Promise<readonly { ok: boolean }[]>): Promise<boolean> {
  const [row] = await rows(query);
  return row?.ok === true;
}
