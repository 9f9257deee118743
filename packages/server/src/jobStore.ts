import type { Deck, JobStatus, TalkTrack, TalkTrackSlide } from '@talk-track/core';
import type { ChunkPlan } from './chunkPlan/chunkPlanner.ts';

/**
 * One `talk_track_jobs` row without its input deck, camel-cased: what a status read needs.
 * Timestamps are ISO 8601 strings. The input (the whole deck, kilobytes of jsonb) is read only by
 * the worker; status reads, polled every few seconds by every open tab, carry its slide count.
 */
export interface JobSummary {
  id: string;
  userId: string;
  deckId: string;
  status: JobStatus;
  progress: number;
  currentChunk: number;
  totalChunks: number;
  chunkSize: number;
  /** Slides in the input deck (`talk_track_jobs.slide_count`). */
  slideCount: number;
  result: TalkTrack | null;
  errorCode: string | null;
  /** What the person is told (plain words, no settings). */
  errorMessage: string | null;
  /** For the host's developers: what failed, the model, the setting to change. Never shown by the kit's UI. */
  errorDetail: string | null;
  /** Claims so far (capped by `talk_track_settings.max_claims_per_job`). */
  attempts: number;
  /** LLM calls started so far, across invocations and retries: the retry budget spent. */
  llmCalls: number;
  /** Usage ledger: tokens the API reported for the saved chunks, and for calls whose answer was not kept (`recordBilledUsage`). */
  tokensIn: number;
  /** Completion tokens, reasoning included (that is how the API bills them). */
  tokensOut: number;
  /** The part of `tokensOut` a reasoning model spent thinking. */
  tokensReasoning: number;
  /** How the last saved chunk's answer was asked for; `null` before any chunk is saved. */
  responseFormat: ResponseFormatMode | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** Since when the job waits in line for an LLM slot; `null` while it has one or is not running. */
  waitingSince: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
}

/** One whole `talk_track_jobs` row: the summary plus the deck the worker generates from and its plan. */
export interface JobRecord extends JobSummary {
  /** `null` once retention emptied it (completed jobs only). */
  input: Deck | null;
  /** The chunks the worker runs, planned from the deck's text when the job was created (`chunk_starts`). */
  plan: ChunkPlan[];
}

/** One saved chunk: the slides `talk_track_chunks.output` holds, plus the opening/closing when the chunk carried them. */
export interface ChunkRecord {
  jobId: string;
  chunkIndex: number;
  output: ChunkOutput;
  createdAt: string;
}

/** What a status read shows: the job without its input, the chunks saved so far, and its outlook. */
export interface JobWithChunks {
  job: JobSummary;
  /** In chunk order; none for a completed job, whose result carries every slide. */
  chunks: ChunkRecord[];
  outlook: JobOutlook;
}

/** What the database knows about a job from other rows (`talk_track_job_outlook`). */
export interface JobOutlook {
  /** While the job waits in line for an LLM slot: jobs (of any user) that have waited longer. `null` when it is not waiting. */
  queueAhead: number | null;
  /** While the job is pending or processing: seconds the whole job should take, from finished jobs of the current model. `null` with no history. */
  estimatedSeconds: number | null;
}

/** Recorded with a completed job (`talk_track_job_timings`), so later jobs get an estimate. */
export interface RunTiming {
  /** The model that generated the job. */
  model: string;
  /** LLM calls in parallel per job in the run (the worker's `chunkConcurrency`). */
  lanes: number;
}

/** `talk_track_begin_llm_call`'s answer. `ahead`: jobs waiting in line longer than this one. */
export type LlmSlotDecision =
  { decision: 'go'; slotId: string } | { decision: 'wait'; ahead: number } | { decision: 'stop' };

/** What the API's `usage` said about one LLM call (or the calls one chunk took). */
export interface TokenUsage {
  tokensIn: number;
  /** `completion_tokens`: everything billed as output, reasoning included. */
  tokensOut: number;
  /** `completion_tokens_details.reasoning_tokens`: the part of `tokensOut` a reasoning model spent thinking. Absent: 0. */
  tokensReasoning?: number;
}

/**
 * How a chunk's answer was asked for: `json_schema` (structured outputs, strict) or `json_object`
 * with the schema in the prompt, for an endpoint that refuses `json_schema`.
 */
export type ResponseFormatMode = 'json_schema' | 'json_object';

export interface ChunkOutput {
  slides: TalkTrackSlide[];
  opening: string | null;
  closing: string | null;
}

/** A start's answer: the job, and whether this call inserted it (`false`: a replay of the same idempotency key). */
export interface CreatedJob {
  job: JobRecord;
  created: boolean;
  /** `JobOutlook.estimatedSeconds` for the job, answered by the start itself. */
  estimatedSeconds: number | null;
}

export interface CreateJobArgs {
  userId: string;
  deck: Deck;
  /** The most slides a chunk of `plan` may hold. */
  chunkSize: number;
  /** From `planChunks`: stored with the job, so every invocation runs the same chunks. */
  plan: readonly ChunkPlan[];
  idempotencyKey?: string;
}

/**
 * Every read and state change the route handlers and the worker make. Both adapters (postgres.js
 * and supabase-js) are thin calls to the migration's SQL functions, so the state machine lives in
 * one place. A refused transition throws `JobStoreError`; "not claimable / not yours / not found"
 * answers are `null` or `false`, because the callers treat them as normal outcomes.
 */
export interface JobStore {
  /**
   * Creates a pending job, or returns the existing one for the same user and idempotency key
   * (`created: false`). Throws `JobStoreError('job_already_active')` when the user has an active
   * job for the deck, `JobStoreError('limit_reached')` past a per-user limit.
   */
  createJob(args: CreateJobArgs): Promise<CreatedJob>;
  /** The job, without its input, if it exists and belongs to `userId`; `null` otherwise (no existence leak). */
  getJobForUser(jobId: string, userId: string): Promise<JobSummary | null>;
  /**
   * A status read: `getJobForUser` plus the job's saved chunks (none once it is completed) and its
   * outlook (place in line, estimate), in one round trip where the adapter can (postgres.js: one
   * statement). `null` as for `getJobForUser`.
   */
  getJobWithChunksForUser(jobId: string, userId: string): Promise<JobWithChunks | null>;
  /**
   * The user's most recently created job for the deck, whatever its status; `null` when they have
   * none. How a browser that lost its stored job (cleared storage, another browser) finds it again.
   * Without the input, like `getJobForUser`.
   */
  findLatestJobForDeck(userId: string, deckId: string): Promise<JobSummary | null>;
  listChunks(jobId: string): Promise<ChunkRecord[]>;
  /** Takes the lease when the job is pending, or processing with an expired lease (or already held by `owner`). `null` when someone else holds a live lease or the job is not runnable. */
  claimJob(jobId: string, owner: string, leaseSeconds: number): Promise<JobRecord | null>;
  /**
   * Asks for a slot for one LLM call before it starts: `go` spends one call of the job's retry
   * budget and holds a slot of the job's `lanes` and of the limit across all jobs until
   * `endLlmCall` (or `callSeconds`); `wait` when every slot is taken (ask again); `stop` when no
   * call may start (lease lost, job cancelled, or budget spent — then the job is failed).
   */
  beginLlmCall(jobId: string, owner: string, lanes: number, callSeconds: number): Promise<LlmSlotDecision>;
  /** Gives a slot back when its call ended, whatever the outcome. */
  endLlmCall(slotId: string): Promise<void>;
  /** Whether `owner` still holds a live lease on the job: a read, made often, so a cancel stops calls within about a second. */
  isLeaseHeld(jobId: string, owner: string): Promise<boolean>;
  /** Extends the lease; `false` when the lease was lost or the job is no longer processing (e.g. cancelled). */
  heartbeat(jobId: string, owner: string, leaseSeconds: number): Promise<boolean>;
  /**
   * Saves one chunk and the progress it implies, with its usage and the response format its answer
   * was asked in; idempotent per chunk index. `null` when the lease was lost or the job was cancelled.
   */
  saveChunk(
    jobId: string,
    owner: string,
    chunkIndex: number,
    output: ChunkOutput,
    usage?: TokenUsage,
    responseFormat?: ResponseFormatMode,
  ): Promise<JobRecord | null>;
  /**
   * Adds to the job's ledger what the API billed for calls whose answer was not kept (cut off,
   * invalid): a chunk that failed for good, was deferred or was stopped carries no usage, yet the
   * daily token budget must count them. Recorded on the job, not on a chunk. `false` when not
   * recorded: the job is not found, waits for a claim, or another worker holds it. Recorded while
   * `owner` holds the lease (expired too) and once the job has ended (failed, cancelled, completed).
   * Negative counts, or reasoning above completion tokens, are refused for good (SQLSTATE 22023).
   */
  recordBilledUsage(jobId: string, owner: string, usage: TokenUsage): Promise<boolean>;
  /** Completes the job once every chunk is saved; with `timing`, records how long it took for later estimates. */
  completeJob(jobId: string, owner: string, result: TalkTrack, timing?: RunTiming): Promise<JobRecord | null>;
  /** Fails the job: `errorMessage` for the person, `errorDetail` (optional) for the host's developers. */
  failJob(
    jobId: string,
    owner: string,
    errorCode: string,
    errorMessage: string,
    errorDetail?: string,
  ): Promise<JobRecord | null>;
  /** Gives the lease back so a fresh invocation can claim the job at once (time budget hand-off). */
  releaseJob(jobId: string, owner: string): Promise<boolean>;
  /** pending/processing → cancelled, for the job's owner. Throws `JobStoreError('invalid_transition')` from a terminal state; `null` when not found or not theirs. */
  cancelJob(jobId: string, userId: string): Promise<JobRecord | null>;
  /** failed/cancelled → pending, keeping saved chunks. Same error rules as `cancelJob`, plus `retry_budget_exhausted` and `limit_reached`. */
  retryJob(jobId: string, userId: string): Promise<JobRecord | null>;
  /**
   * The scheduled sweep: fails stale jobs past their budgets, and returns the ids of the stale ones
   * (`talk_track_job_is_stale`: processing with an expired lease, or pending and unclaimed for
   * `pendingGraceSeconds`, `null` for the database's 10 s), oldest first.
   */
  sweepJobs(pendingGraceSeconds: number | null, limit: number): Promise<string[]>;
  /**
   * A status read's revival: `true` when the job is stale by the sweep's rule and no revival of it
   * happened within `throttleSeconds` (`null`: the database's 5 s), so the caller invokes a worker.
   */
  reviveJob(jobId: string, pendingGraceSeconds: number | null, throttleSeconds: number | null): Promise<boolean>;
}

/**
 * What a `JobStoreError` says. The migration's refusals: `job_already_active`, `invalid_transition`,
 * `limit_reached`, `retry_budget_exhausted`. How a statement failed, the same from both adapters:
 * `unavailable` — the database is away or busy (a connection error, a restart, a timeout, a
 * serialization failure), worth a later try; `rejected` — the database refused the statement for
 * good (SQLSTATE class 22, 23, 42 or P0: bad data, a constraint, a schema out of date, a trigger's
 * RAISE), which no retry can fix.
 */
export type JobStoreErrorCode =
  'job_already_active' | 'invalid_transition' | 'limit_reached' | 'retry_budget_exhausted' | 'unavailable' | 'rejected';

/** Which per-user limit refused a start (`limit_reached`), and when to try again. */
export interface LimitRefusal {
  limit: 'too_many_active_jobs' | 'too_many_starts' | 'daily_token_budget_exceeded';
  retryAfterSeconds: number;
}

export class JobStoreError extends Error {
  constructor(
    readonly code: JobStoreErrorCode,
    message: string,
    /** For `job_already_active`: the job already running for the deck. */
    readonly jobId?: string,
    /** For `limit_reached`. */
    readonly refusal?: LimitRefusal,
    /** For `rejected`: the SQLSTATE the database refused the statement with. */
    readonly sqlState?: string,
  ) {
    super(message);
    this.name = 'JobStoreError';
  }
}
