import type { SupabaseClient } from '@supabase/supabase-js';
import type {
  ChunkRecord,
  CreatedJob,
  CreateJobArgs,
  JobRecord,
  JobStore,
  JobSummary,
  JobWithChunks,
  TokenUsage,
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
import { supabaseJobStoreError } from './supabaseJobStoreError.ts';

// supabase-js retries failed reads (GET) for up to 7 s (1 + 2 + 4 s backoff). Every caller here
// already retries on its own schedule (the status poller, the stale sweep, the worker's next
// invocation), so reads fail fast instead and a route handler answers 503 at once.

// Status reads select the summary columns only: the input deck stays in the database.
const SUMMARY_COLUMNS = JOB_SUMMARY_COLUMNS.join(',');

interface Answer<T> {
  data: T | null;
  error: { code?: string; message?: string; details?: string | null; hint?: string | null } | null;
  status: number;
}

/**
 * The job store over supabase-js: every state change is `.rpc()` to one of the migration's
 * `talk_track_*` functions, reads are `.from(table).select().eq()`. Give it a server-side client
 * made with the service role (or `sb_secret_…`) key: the functions are executable by service_role
 * only, and the worker's reads of any user's chunks need it too.
 *
 * ```ts
 * const store = createSupabaseJobStore(createClient(url, process.env.SUPABASE_SECRET_KEY!, { auth: { persistSession: false } }));
 * ```
 */
export function createSupabaseJobStore(client: SupabaseClient): JobStore {
  const flag = async (fn: string, args: Record<string, unknown>) => (await rpc<boolean>(client, fn, args)) === true;
  return {
    createJob: (args) => createJob(client, args),
    getJobForUser: (jobId, userId) => getJobForUser(client, jobId, userId),
    getJobWithChunksForUser: (jobId, userId) => getJobWithChunksForUser(client, jobId, userId),
    findLatestJobForDeck: (userId, deckId) => findLatestJobForDeck(client, userId, deckId),
    listChunks: (jobId) => listChunks(client, jobId),
    claimJob: (jobId, owner, leaseSeconds) =>
      jobOrNull(client, 'talk_track_claim_job', { p_job_id: jobId, p_owner: owner, p_lease_seconds: leaseSeconds }),
    beginLlmCall: (jobId, owner, lanes, callSeconds) => beginLlmCall(client, jobId, owner, lanes, callSeconds),
    endLlmCall: (slotId) => rpc(client, 'talk_track_end_llm_call', { p_slot_id: slotId }).then(() => undefined),
    isLeaseHeld: (jobId, owner) => flag('talk_track_lease_held', { p_job_id: jobId, p_owner: owner }),
    heartbeat: (jobId, owner, leaseSeconds) =>
      flag('talk_track_heartbeat', { p_job_id: jobId, p_owner: owner, p_lease_seconds: leaseSeconds }),
    saveChunk: (jobId, owner, chunkIndex, output, usage, responseFormat) =>
      jobOrNull(client, 'talk_track_save_chunk', {
        ...leaseArgs(jobId, owner),
        p_chunk_index: chunkIndex,
        p_output: output,
        ...usageArgs(usage),
        p_response_format: responseFormat ?? null,
      }),
    recordBilledUsage: (jobId, owner, usage) =>
      flag('talk_track_record_billed_usage', { ...leaseArgs(jobId, owner), ...usageArgs(usage) }),
    completeJob: (jobId, owner, result, timing) =>
      jobOrNull(client, 'talk_track_complete_job', {
        ...leaseArgs(jobId, owner),
        p_result: result,
        p_model: timing?.model ?? null,
        p_lanes: timing?.lanes ?? null,
      }),
    failJob: (jobId, owner, errorCode, errorMessage, errorDetail) =>
      jobOrNull(client, 'talk_track_fail_job', {
        ...leaseArgs(jobId, owner),
        p_error_code: errorCode,
        p_error_message: errorMessage,
        p_error_detail: errorDetail ?? null,
      }),
    releaseJob: (jobId, owner) => flag('talk_track_release_job', leaseArgs(jobId, owner)),
    cancelJob: (jobId, userId) => userAction(client, 'talk_track_cancel_job', jobId, userId),
    retryJob: (jobId, userId) => userAction(client, 'talk_track_retry_job', jobId, userId),
    sweepJobs: async (pendingGraceSeconds, limit) =>
      (await rpc<string[]>(client, 'talk_track_sweep_jobs', {
        p_pending_grace_seconds: pendingGraceSeconds,
        p_limit: limit,
      })) ?? [],
    reviveJob: (jobId, pendingGraceSeconds, throttleSeconds) =>
      flag('talk_track_revive_job', {
        p_job_id: jobId,
        p_pending_grace_seconds: pendingGraceSeconds,
        p_throttle_seconds: throttleSeconds,
      }),
  };
}

async function beginLlmCall(client: SupabaseClient, jobId: string, owner: string, lanes: number, callSeconds: number) {
  const rows = await rpc<SlotDecisionRow[]>(client, 'talk_track_begin_llm_call', {
    p_job_id: jobId,
    p_owner: owner,
    p_lanes: lanes,
    p_call_seconds: callSeconds,
  });
  return slotDecisionFromRow(rows?.[0]);
}

async function createJob(
  client: SupabaseClient,
  { userId, deck, chunkSize, plan, idempotencyKey }: CreateJobArgs,
): Promise<CreatedJob> {
  if (!isUuid(userId)) {
    throw new TypeError(`talk_track_jobs.user_id is a uuid (a Supabase auth user id); getUserId returned "${userId}".`);
  }
  // A table function answers an array: one row of { job, created }.
  const rows = await rpc<{ job: JobRow; created: boolean; estimated_seconds: number | null }[]>(
    client,
    'talk_track_create_job',
    {
      p_user_id: userId,
      p_deck_id: deck.id,
      p_input: deck,
      p_chunk_size: chunkSize,
      p_total_chunks: plan.length,
      p_idempotency_key: idempotencyKey ?? null,
      p_chunk_starts: plan.map((chunk) => chunk.start),
    },
  );
  const row = rows?.[0];
  if (!row) throw new Error('talk_track_create_job returned no row');
  return { job: jobRecordFromRow(row.job), created: row.created, estimatedSeconds: row.estimated_seconds };
}

async function getJobForUser(client: SupabaseClient, jobId: string, userId: string): Promise<JobSummary | null> {
  // A malformed id names no job; asking would only earn a 400 (22P02).
  if (!isUuid(jobId) || !isUuid(userId)) return null;
  const row = await readRow<JobSummaryRow>(client, 'getJobForUser', SUMMARY_COLUMNS, { id: jobId, user_id: userId });
  return row ? jobSummaryFromRow(row) : null;
}

async function getJobWithChunksForUser(
  client: SupabaseClient,
  jobId: string,
  userId: string,
): Promise<JobWithChunks | null> {
  // Two round trips: PostgREST could embed the chunks in the job's read, but this adapter keeps
  // to plain selects (which the local stand-in also serves). A finished job needs no chunks and
  // has no outlook; a running one asks for both at once.
  const job = await getJobForUser(client, jobId, userId);
  if (!job) return null;
  if (job.status === 'completed') return { job, chunks: [], outlook: outlookFromRow(undefined) };
  const active = job.status === 'pending' || job.status === 'processing';
  const [chunks, outlook] = await Promise.all([
    listChunks(client, job.id),
    active ? rpc<OutlookRow[]>(client, 'talk_track_job_outlook', { p_job_id: job.id }) : null,
  ]);
  return { job, chunks, outlook: outlookFromRow(outlook?.[0]) };
}

async function findLatestJobForDeck(
  client: SupabaseClient,
  userId: string,
  deckId: string,
): Promise<JobSummary | null> {
  if (!isUuid(userId)) return null;
  const query = client
    .from('talk_track_jobs')
    .select(SUMMARY_COLUMNS)
    .eq('user_id', userId)
    .eq('deck_id', deckId)
    .order('created_at', { ascending: false })
    .limit(1);
  const row = await answer<JobSummaryRow>(
    'findLatestJobForDeck',
    query.maybeSingle().retry(false) as PromiseLike<Answer<JobSummaryRow>>,
  );
  return row ? jobSummaryFromRow(row) : null;
}

async function listChunks(client: SupabaseClient, jobId: string): Promise<ChunkRecord[]> {
  if (!isUuid(jobId)) return [];
  const rows = await answer<ChunkRow[]>(
    'listChunks',
    client
      .from('talk_track_chunks')
      .select('job_id, chunk_index, output, created_at')
      .eq('job_id', jobId)
      .order('chunk_index')
      .retry(false) as PromiseLike<Answer<ChunkRow[]>>,
  );
  return (rows ?? []).map(chunkRecordFromRow);
}

/** A user's action on a job: a malformed id names no job, so nothing is asked. */
async function userAction(
  client: SupabaseClient,
  fn: string,
  jobId: string,
  userId: string,
): Promise<JobRecord | null> {
  if (!isUuid(jobId) || !isUuid(userId)) return null;
  return jobOrNull(client, fn, { p_job_id: jobId, p_user_id: userId });
}

function leaseArgs(jobId: string, owner: string) {
  return { p_job_id: jobId, p_owner: owner };
}

function usageArgs(usage: TokenUsage | undefined) {
  return {
    p_tokens_in: usage?.tokensIn ?? 0,
    p_tokens_out: usage?.tokensOut ?? 0,
    p_tokens_reasoning: usage?.tokensReasoning ?? 0,
  };
}

async function answer<T>(operation: string, request: PromiseLike<Answer<T>>): Promise<T | null> {
  const { data, error, status } = await request;
  if (error) throw supabaseJobStoreError(operation, error, status);
  return data;
}

function rpc<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T | null> {
  return answer<T>(fn, client.rpc(fn, args) as PromiseLike<Answer<T>>);
}

/** A `setof talk_track_jobs` function answers an array of 0 or 1 rows. */
async function jobOrNull(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<JobRecord | null> {
  const rows = await rpc<JobRow[]>(client, fn, args);
  return rows?.[0] ? jobRecordFromRow(rows[0]) : null;
}

/** The one `talk_track_jobs` row matching every filter, with `columns` only; `null` when none. */
async function readRow<Row>(
  client: SupabaseClient,
  operation: string,
  columns: string,
  filters: Record<string, string>,
): Promise<Row | null> {
  let query = client.from('talk_track_jobs').select(columns);
  for (const [column, value] of Object.entries(filters)) query = query.eq(column, value);
  return answer<Row>(operation, query.maybeSingle().retry(false) as PromiseLike<Answer<Row>>);
}
