import { type EnvRecord, workerUrlFromEnv } from '../shared/workerInvoker.ts';
import { TOKENS_PER_SLIDE } from './completionTokenLimit.ts';
import { REASONING_EFFORTS, type ReasoningEffort } from './modelProfile.ts';

/** What the worker reads from its environment. Every number has a default that is safe on Supabase's free plan. */
export interface WorkerConfig {
  /** `OPENAI_API_KEY` (required). Any OpenAI-compatible server's key. */
  openAiApiKey: string;
  /** `OPENAI_BASE_URL`: an OpenAI-compatible server (ending in `/v1`). Default: the SDK's own, api.openai.com. */
  openAiBaseUrl: string | undefined;
  /**
   * `OPENAI_MODEL`. Default `gpt-6-luna`: OpenAI's high-volume tier and its named replacement for
   * gpt-4o-mini (which shuts down on 2027-01-14, as gpt-5-mini does on 2026-12-11), cheaper per
   * token than either, with strict JSON-schema output on chat completions. It is a reasoning
   * model, sent `reasoning_effort` and a ceiling with room to think (README, "Models").
   */
  model: string;
  /**
   * `TALK_TRACK_REASONING_MODEL` (`true` | `false`): treat the model as a reasoning model or not,
   * whatever its name. Default: by name (gpt-5 and later, and `o<digit>*`, see `isReasoningModelName`).
   */
  reasoningModel: boolean | undefined;
  /**
   * `TALK_TRACK_REASONING_EFFORT` (`none` | `minimal` | `low` | `medium` | `high`): sent to
   * reasoning models only. Default `low`: the task is writing, not deliberation, and `low` is the
   * one value every reasoning family accepts (`none` only gpt-5.1 and later, `minimal` only
   * gpt-5, gpt-5-mini and gpt-5-nano).
   */
  reasoningEffort: ReasoningEffort;
  /**
   * `TALK_TRACK_REASONING_TOKENS_PER_SLIDE`: the reasoning allowance added to a reasoning model's
   * `max_completion_tokens`, per slide (plus four for the call). Default by effort:
   * none 0, minimal 128, low 512, medium 1 536, high 4 096 (`REASONING_TOKENS_PER_SLIDE`).
   */
  reasoningTokensPerSlide: number | undefined;
  /** `TALK_TRACK_TOKENS_PER_SLIDE`: the answer's completion tokens per slide of a chunk. Default 700 (`TOKENS_PER_SLIDE`). */
  answerTokensPerSlide: number;
  /** `TALK_TRACK_CHUNK_CONCURRENCY`: LLM calls in flight at once per job. Default 3. */
  chunkConcurrency: number;
  /**
   * `TALK_TRACK_TIME_BUDGET_MS`: after this long an invocation starts no new chunk and hands the
   * rest of the job to a fresh invocation. Default 60 000: budget + one LLM timeout (45 s) stays
   * under the free plan's 150 s wall clock.
   */
  timeBudgetMs: number;
  /**
   * `TALK_TRACK_WALL_CLOCK_MS`: the platform's wall clock per worker (Supabase: 150 000 on the
   * free plan, 400 000 on paid). A run ends by the worker's boot time plus this, less one LLM
   * timeout and a margin, even when its time budget is not spent. Default 150 000.
   */
  wallClockMs: number;
  /** `TALK_TRACK_MAX_ATTEMPTS`: attempts per chunk before the job fails. Default 4. */
  maxAttempts: number;
  /** `TALK_TRACK_LLM_TIMEOUT_MS`: one LLM call's timeout. Default 45 000. */
  llmTimeoutMs: number;
  /** `TALK_TRACK_LEASE_SECONDS`: how long a claim lasts without a heartbeat; a dead worker's job is resumable after it. Default 30. */
  leaseSeconds: number;
  /** `TALK_TRACK_HEARTBEAT_INTERVAL_MS`: how often the lease is extended. Default a third of the lease, so two heartbeats may fail before it lapses. */
  heartbeatIntervalMs: number;
  /** `TALK_TRACK_LEASE_CHECK_MS`: how often a run reads that its lease still holds, so a cancel stops its calls within about this long. Default 1000. */
  leaseCheckIntervalMs: number;
  /** `TALK_TRACK_RETRY_BASE_DELAY_MS`: first backoff ceiling; doubles per attempt (full jitter). Default 1000. */
  retryBaseDelayMs: number;
  /** `TALK_TRACK_RETRY_MAX_DELAY_MS`: backoff ceiling. Default 16 000. */
  retryMaxDelayMs: number;
  /**
   * Where the worker re-invokes itself: the same URL the route handler invokes (`workerUrlFromEnv`:
   * `TALK_TRACK_WORKER_URL`, else `${SUPABASE_URL}/functions/v1/generate-talk-track`).
   */
  workerUrl: string | undefined;
}

export const DEFAULT_WORKER_CONFIG = {
  model: 'gpt-6-luna',
  reasoningEffort: 'low',
  answerTokensPerSlide: TOKENS_PER_SLIDE,
  chunkConcurrency: 3,
  timeBudgetMs: 60_000,
  wallClockMs: 150_000,
  maxAttempts: 4,
  llmTimeoutMs: 45_000,
  leaseSeconds: 30,
  leaseCheckIntervalMs: 1_000,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 16_000,
} as const;

export class WorkerConfigError extends Error {
  override name = 'WorkerConfigError';
}

export function readWorkerConfig(env: EnvRecord): WorkerConfig {
  const openAiApiKey = nonEmpty(env.OPENAI_API_KEY);
  if (!openAiApiKey) {
    throw new WorkerConfigError(
      'OPENAI_API_KEY is not set. Set it in the function secrets (any value works against a local OpenAI-compatible server).',
    );
  }
  const leaseSeconds = positiveInt(env, 'TALK_TRACK_LEASE_SECONDS', DEFAULT_WORKER_CONFIG.leaseSeconds);
  const heartbeatIntervalMs = positiveInt(
    env,
    'TALK_TRACK_HEARTBEAT_INTERVAL_MS',
    Math.floor((leaseSeconds * 1000) / 3),
  );
  if (heartbeatIntervalMs >= leaseSeconds * 1000) {
    throw new WorkerConfigError(
      `TALK_TRACK_HEARTBEAT_INTERVAL_MS (${heartbeatIntervalMs}) must be shorter than the lease (${leaseSeconds} s), or the lease lapses between heartbeats.`,
    );
  }
  const retryBaseDelayMs = positiveInt(env, 'TALK_TRACK_RETRY_BASE_DELAY_MS', DEFAULT_WORKER_CONFIG.retryBaseDelayMs);
  const retryMaxDelayMs = positiveInt(
    env,
    'TALK_TRACK_RETRY_MAX_DELAY_MS',
    Math.max(DEFAULT_WORKER_CONFIG.retryMaxDelayMs, retryBaseDelayMs),
  );
  return {
    openAiApiKey,
    openAiBaseUrl: nonEmpty(env.OPENAI_BASE_URL),
    model: nonEmpty(env.OPENAI_MODEL) ?? DEFAULT_WORKER_CONFIG.model,
    reasoningModel: optionalBoolean(env, 'TALK_TRACK_REASONING_MODEL'),
    reasoningEffort: reasoningEffort(env),
    reasoningTokensPerSlide: optionalPositiveInt(env, 'TALK_TRACK_REASONING_TOKENS_PER_SLIDE'),
    answerTokensPerSlide: positiveInt(env, 'TALK_TRACK_TOKENS_PER_SLIDE', DEFAULT_WORKER_CONFIG.answerTokensPerSlide),
    chunkConcurrency: positiveInt(env, 'TALK_TRACK_CHUNK_CONCURRENCY', DEFAULT_WORKER_CONFIG.chunkConcurrency),
    timeBudgetMs: positiveInt(env, 'TALK_TRACK_TIME_BUDGET_MS', DEFAULT_WORKER_CONFIG.timeBudgetMs),
    wallClockMs: positiveInt(env, 'TALK_TRACK_WALL_CLOCK_MS', DEFAULT_WORKER_CONFIG.wallClockMs),
    maxAttempts: positiveInt(env, 'TALK_TRACK_MAX_ATTEMPTS', DEFAULT_WORKER_CONFIG.maxAttempts),
    llmTimeoutMs: positiveInt(env, 'TALK_TRACK_LLM_TIMEOUT_MS', DEFAULT_WORKER_CONFIG.llmTimeoutMs),
    leaseSeconds,
    heartbeatIntervalMs,
    leaseCheckIntervalMs: positiveInt(env, 'TALK_TRACK_LEASE_CHECK_MS', DEFAULT_WORKER_CONFIG.leaseCheckIntervalMs),
    retryBaseDelayMs,
    retryMaxDelayMs,
    workerUrl: workerUrlFromEnv(env),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function optionalBoolean(env: EnvRecord, name: string): boolean | undefined {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new WorkerConfigError(
    `${name} must be true or false, got "${env[name]}". Leave it unset to decide by the model's name.`,
  );
}

function reasoningEffort(env: EnvRecord): ReasoningEffort {
  const raw = nonEmpty(env.TALK_TRACK_REASONING_EFFORT);
  if (raw === undefined) return DEFAULT_WORKER_CONFIG.reasoningEffort;
  const effort = REASONING_EFFORTS.find((value) => value === raw.toLowerCase());
  if (!effort)
    throw new WorkerConfigError(
      `TALK_TRACK_REASONING_EFFORT must be one of ${REASONING_EFFORTS.join(', ')}, got "${raw}".`,
    );
  return effort;
}

function positiveInt(env: EnvRecord, name: string, fallback: number): number {
  return optionalPositiveInt(env, name) ?? fallback;
}

function optionalPositiveInt(env: EnvRecord, name: string): number | undefined {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new WorkerConfigError(`${name} must be a positive whole number, got "${raw}".`);
  }
  return value;
}
