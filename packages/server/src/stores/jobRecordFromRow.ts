import { JOB_STATUSES, type Deck, type JobStatus, type TalkTrack } from '@talk-track/core';
import { chunksFromStarts } from '../chunkPlan/chunkPlanner.ts';
import type {
  ChunkOutput,
  ChunkRecord,
  JobOutlook,
  JobRecord,
  JobSummary,
  LlmSlotDecision,
  ResponseFormatMode,
} from '../jobStore.ts';

/** A timestamp as a driver hands it over: a `Date` (postgres.js) or a string (PostgREST JSON). */
export type TimestampValue = Date | string;

/**
 * The columns a status read selects: every column of `talk_track_jobs` but the worker's (`input`,
 * `chunk_starts`). Spelled out (not `select *`) so the deck snapshot, kilobytes of jsonb, never
 * travels on a status read.
 */
export const JOB_SUMMARY_COLUMNS = [
  'id',
  'user_id',
  'deck_id',
  'status',
  'progress',
  'current_chunk',
  'total_chunks',
  'chunk_size',
  'slide_count',
  'result',
  'error_code',
  'error_message',
  'error_detail',
  'attempts',
  'llm_calls',
  'tokens_in',
  'tokens_out',
  'tokens_reasoning',
  'response_format',
  'lease_owner',
  'lease_expires_at',
  'lease_seconds',
  'waiting_since',
  'idempotency_key',
  'created_at',
  'started_at',
  'completed_at',
  'updated_at',
] as const;

/**
 * One `talk_track_jobs` row without `input`, snake_case, as postgres.js returns it or as
 * PostgREST / supabase-js returns it in JSON. Extra columns are ignored.
 */
export interface JobSummaryRow {
  id: string;
  user_id: string;
  deck_id: string;
  status: string;
  progress: number;
  current_chunk: number;
  total_chunks: number;
  chunk_size: number;
  slide_count: number;
  result: unknown;
  error_code: string | null;
  error_message: string | null;
  error_detail: string | null;
  attempts: number;
  llm_calls: number;
  // bigint: postgres.js hands it over as a string.
  tokens_in: number | string;
  tokens_out: number | string;
  tokens_reasoning: number | string;
  response_format: string | null;
  lease_owner: string | null;
  lease_expires_at: TimestampValue | null;
  // Read (the column list is every column but input) but not mapped: only the SQL uses it.
  lease_seconds: number | null;
  waiting_since: TimestampValue | null;
  idempotency_key: string | null;
  created_at: TimestampValue;
  started_at: TimestampValue | null;
  completed_at: TimestampValue | null;
  updated_at: TimestampValue;
}

// Compile-time guard: the column list and the row type name the same columns, so a column added
// to one and not the other fails the type check instead of reading as undefined.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const columnsMatchRow: SameKeys<(typeof JOB_SUMMARY_COLUMNS)[number], keyof JobSummaryRow> = true;
void columnsMatchRow;

/** A whole `talk_track_jobs` row (what `select *` and the state-changing functions return). */
export interface JobRow extends JobSummaryRow {
  input: unknown;
  chunk_starts: number[];
}

/** One `talk_track_chunks` row, in either shape. */
export interface ChunkRow {
  job_id: string;
  chunk_index: number;
  output: unknown;
  created_at: TimestampValue;
}

/** Shared by both job store adapters, so a job reads the same whichever driver fetched it. */
export function jobSummaryFromRow(row: JobSummaryRow): JobSummary {
  return {
    id: row.id,
    userId: row.user_id,
    deckId: row.deck_id,
    status: jobStatus(row.status),
    progress: Number(row.progress),
    currentChunk: Number(row.current_chunk),
    totalChunks: Number(row.total_chunks),
    chunkSize: Number(row.chunk_size),
    slideCount: Number(row.slide_count),
    // jsonb written only by the SQL functions from validated input; not re-validated per read.
    result: (row.result ?? null) as TalkTrack | null,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    errorDetail: row.error_detail,
    attempts: Number(row.attempts),
    llmCalls: Number(row.llm_calls),
    tokensIn: Number(row.tokens_in),
    tokensOut: Number(row.tokens_out),
    tokensReasoning: Number(row.tokens_reasoning),
    responseFormat: responseFormat(row.response_format),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: isoOrNull(row.lease_expires_at),
    waitingSince: isoOrNull(row.waiting_since),
    idempotencyKey: row.idempotency_key,
    createdAt: iso(row.created_at),
    startedAt: isoOrNull(row.started_at),
    completedAt: isoOrNull(row.completed_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The summary plus the input deck and its plan: what the worker reads and the state-changing functions return. */
export function jobRecordFromRow(row: JobRow): JobRecord {
  return {
    ...jobSummaryFromRow(row),
    // Like `result`, written only from validated input by the SQL functions.
    input: (row.input ?? null) as Deck | null,
    // The migration's check constraint keeps the starts a valid plan of slide_count slides.
    plan: chunksFromStarts(row.chunk_starts.map(Number), Number(row.slide_count)),
  };
}

/** One row of `talk_track_job_outlook`, in either driver's shape. */
export interface OutlookRow {
  queue_ahead: number | null;
  estimated_seconds: number | null;
}

export function outlookFromRow(row: OutlookRow | undefined): JobOutlook {
  return { queueAhead: numberOrNull(row?.queue_ahead), estimatedSeconds: numberOrNull(row?.estimated_seconds) };
}

function numberOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** One row of `talk_track_begin_llm_call`, in either driver's shape (bigint ids come as strings or numbers). */
export interface SlotDecisionRow {
  decision: string;
  slot_id: string | number | null;
  ahead: number | null;
}

export function slotDecisionFromRow(row: SlotDecisionRow | undefined): LlmSlotDecision {
  if (row?.decision === 'go' && row.slot_id !== null) return { decision: 'go', slotId: String(row.slot_id) };
  if (row?.decision === 'wait') return { decision: 'wait', ahead: Number(row.ahead ?? 0) };
  return { decision: 'stop' };
}

export function chunkRecordFromRow(row: ChunkRow): ChunkRecord {
  return {
    jobId: row.job_id,
    chunkIndex: Number(row.chunk_index),
    output: row.output as ChunkOutput,
    createdAt: iso(row.created_at),
  };
}

function responseFormat(value: string | null): ResponseFormatMode | null {
  if (value === null || value === 'json_schema' || value === 'json_object') return value;
  throw new Error(
    `talk_track_jobs.response_format holds an unknown value "${value}": is the migration newer than this package?`,
  );
}

function jobStatus(value: string): JobStatus {
  if ((JOB_STATUSES as readonly string[]).includes(value)) return value as JobStatus;
  throw new Error(
    `talk_track_jobs.status holds an unknown value "${value}": is the migration newer than this package?`,
  );
}

/**
 * Postgres keeps microseconds and PostgREST prints them (`…:29.971234+00:00`); postgres.js
 * rounds to milliseconds. Both become the same `Date.toISOString()` form, so records compare
 * equal across adapters.
 */
function iso(value: TimestampValue): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a timestamp: ${String(value)}`);
  return date.toISOString();
}

function isoOrNull(value: TimestampValue | null): string | null {
  return value === null || value === undefined ? null : iso(value);
}
