import type { JobStatus } from './jobStatus.ts';
import type { TalkTrack, TalkTrackSlide } from './talkTrackSchema.ts';

/** Where the route handlers are mounted unless the host says otherwise. */
export const DEFAULT_API_BASE_PATH = '/api/generate/talk-track';

/** A job as `GET /api/generate/talk-track/:id` returns it. Timestamps are ISO 8601 strings. */
export interface JobSnapshot {
  id: string;
  deckId: string;
  status: JobStatus;
  /** 0–100; only rises while the job runs, 100 only when completed. */
  progress: number;
  /** Chunks saved so far. */
  currentChunk: number;
  totalChunks: number;
  slideCount: number;
  /** Slides finished so far, in deck order (all of them once completed). */
  slides: TalkTrackSlide[];
  result: TalkTrack | null;
  error: JobError | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
  /** What the job has spent so far (the usage ledger). */
  usage?: JobUsage;
  /**
   * While the job waits its turn for the host's LLM concurrency limit: how many waiting jobs (of
   * any user) started before it, and so are served first. `null` when it is not waiting; absent
   * from answers that do not compute it (cancel, retry).
   */
  queue?: JobQueuePlace | null;
  /**
   * While the job is pending or processing: how long the whole job should take, in seconds, from
   * the timings of finished jobs of the same model (median of the last 20 × slides ÷ lanes). `null`
   * while the server has no history; absent where `queue` is.
   */
  estimatedSeconds?: number | null;
}

/** A waiting job's place in line. */
export interface JobQueuePlace {
  /** Jobs ahead of this one: 0 means it is next. */
  ahead: number;
}

/** The usage ledger of one job, from the LLM API's `usage`. */
export interface JobUsage {
  /** Prompt tokens of the saved chunks. */
  tokensIn: number;
  /** Completion tokens of the saved chunks. */
  tokensOut: number;
  /** LLM calls started, retries included: the retry budget spent. */
  llmCalls: number;
}

export interface JobError {
  code: string;
  message: string;
}

/** Answer of `POST /api/generate/talk-track`. */
export interface CreateJobResponse {
  jobId: string;
  job: JobSnapshot;
}

/**
 * Answer of `GET /api/generate/talk-track?deckId=…`: the caller's latest job for the deck, or
 * `null` when there is none. A deck with no job yet is the normal first visit, not an error, so it
 * is a 200 that leaves the browser's console clean.
 */
export interface FindJobResponse {
  job: JobSnapshot | null;
}

/**
 * Stable error codes of the HTTP API. Clients branch on `code`, never on `message`.
 * The worker's codes (stored in `error_code`) are in `WORKER_ERROR_CODES`.
 */
export const API_ERROR_CODES = {
  invalidJson: 'invalid_json',
  unsupportedMediaType: 'unsupported_media_type',
  payloadTooLarge: 'payload_too_large',
  validationFailed: 'validation_failed',
  unauthenticated: 'unauthenticated',
  notFound: 'not_found',
  methodNotAllowed: 'method_not_allowed',
  jobAlreadyActive: 'job_already_active',
  invalidTransition: 'invalid_transition',
  /** 429 with `Retry-After`: the user has the most active jobs the host allows. */
  tooManyActiveJobs: 'too_many_active_jobs',
  /** 429 with `Retry-After`: the user started the most jobs the host allows per window. */
  tooManyStarts: 'too_many_starts',
  /** 429 with `Retry-After` (next UTC midnight): the user's jobs used today's token budget. */
  dailyTokenBudgetExceeded: 'daily_token_budget_exceeded',
  /** 429 with `Retry-After`: too many status reads held open (long-polling), by this user or in all; read without waiting. */
  tooManyHeldReads: 'too_many_held_reads',
  /** 409: Retry refused, the job spent its retry budget. */
  retryBudgetExhausted: 'retry_budget_exhausted',
  serviceUnavailable: 'service_unavailable',
} as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[keyof typeof API_ERROR_CODES];

/** Body of every non-2xx answer. `field` is the dotted path of the offending input, when there is one. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  field?: string;
  /** For `job_already_active`: the job that is already running for this deck. */
  jobId?: string;
}

export const WORKER_ERROR_CODES = {
  llmUnavailable: 'llm_unavailable',
  llmRateLimited: 'llm_rate_limited',
  llmTimeout: 'llm_timeout',
  llmInvalidOutput: 'llm_invalid_output',
  /** The model spent its whole `max_completion_tokens` (reasoning, for reasoning models) twice without finishing an answer. */
  llmTokenLimit: 'llm_token_limit',
  /** The provider refused the request itself (a 400 naming a parameter, an unknown model): the same call would fail again. */
  llmRequestRejected: 'llm_request_rejected',
  llmAuth: 'llm_auth',
  internal: 'internal_error',
  /** The job spent `max_llm_calls_per_job` (set by the database). */
  retryBudgetExhausted: 'retry_budget_exhausted',
  /** The job took `max_claims_per_job` worker runs without finishing (set by the database). */
  claimLimitReached: 'claim_limit_reached',
  /** The database refused to store the answer for good (bad encoding, a constraint, the schema). */
  saveRejected: 'save_rejected',
} as const;

export type WorkerErrorCode = (typeof WORKER_ERROR_CODES)[keyof typeof WORKER_ERROR_CODES];
