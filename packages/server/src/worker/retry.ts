import { WORKER_ERROR_CODES } from '@talk-track/core';
import {
  type ChunkOutput,
  type JobRecord,
  type JobStore,
  JobStoreError,
  type ResponseFormatMode,
  type TokenUsage,
} from '../jobStore.ts';
import type { SleepClock } from '../shared/sleepClock.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';
import type { ChunkRequest } from './chunkRequest.ts';
import type { GenerateChunk, GeneratedChunk } from './generateChunk.ts';
import { WorkerError } from './workerError.ts';

// The worker's retries: how long to wait (backoff with jitter, a server's retry-after as a floor)
// and the loops that apply it, one chunk's LLM call and a store call while the database is
// `unavailable`. Which LLM failures are worth another attempt is classifyLlmError's call
// (`WorkerError.retryable`). Two LLM retries are not backoff: an answer cut off at the token limit
// is asked again at once with a larger ceiling (once), and a json_schema refusal is asked again at
// once as json_object without spending an attempt.

/**
 * A server that asks for more than this is treated as asking for this much: the time budget then
 * decides whether the chunk waits here or in the next invocation.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * An answer cut off at `finish_reason: "length"` is asked for once more with this many times the
 * ceiling, at once (waiting would not change it). Twice the ceiling gives a reasoning model that
 * thought through its allowance the same again, and still bounds what one chunk can bill.
 */
export const CUT_OFF_CEILING_FACTOR = 2;

export interface RetryPolicyOptions {
  /** Attempts per chunk, the first included. */
  maxAttempts: number;
  /** Ceiling of the first backoff; doubles each attempt. */
  baseDelayMs: number;
  /** Ceiling every backoff stays under (a server's retry-after may exceed it). */
  maxDelayMs: number;
  /** [0, 1) source for the jitter; injectable so tests need no timers or luck. */
  random: () => number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * Whether to try again after `attempt` attempts (1-based) ended in `error`, and after how long.
 * Only `WorkerError`s marked retryable are retried (classifyLlmError decides that: 429, 5xx,
 * timeouts, connection errors, invalid output); anything else is a bug, not bad luck.
 */
export function decideRetry(error: unknown, attempt: number, options: RetryPolicyOptions): RetryDecision {
  if (!(error instanceof WorkerError) || !error.retryable) return { retry: false };
  if (attempt >= options.maxAttempts) return { retry: false };
  return { retry: true, delayMs: backoffDelayMs(attempt, options, error.retryAfterMs) };
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a uniform draw in
 * [0, min(max, base·2^(attempt-1))), which spreads retries of concurrent chunks apart. A server's
 * retry-after is a floor: waiting less only earns another 429.
 */
export function backoffDelayMs(
  attempt: number,
  options: Pick<RetryPolicyOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(options.random() * ceiling);
  const floor = retryAfterMs === undefined ? 0 : Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS);
  return Math.max(jittered, floor);
}

export interface ChunkRunOptions {
  request: ChunkRequest;
  generate: GenerateChunk;
  policy: RetryPolicyOptions;
  clock: SleepClock;
  /** Aborts the call in flight: the lease was lost or the job cancelled, so its answer is worthless. */
  abortSignal: AbortSignal;
  /** No further attempt starts once this aborts (another chunk failed for good); the call in flight still finishes. */
  stopSignal: AbortSignal;
  /** No retry starts after this instant: the chunk is deferred to the next invocation instead. */
  deadline: number;
  /** Attempts an earlier invocation already spent on this chunk. */
  attemptsBefore?: number;
  onAttemptFailed?: (error: WorkerError, attempt: number, decision: RetryDecision) => void;
}

/**
 * How a chunk's run ended. `done` carries in its `usage` every call the chunk billed (failed ones
 * included); the others carry in `billed` what failed calls cost (a cut-off or invalid answer is
 * paid for), since no saved chunk will: the caller records it on the job
 * (`JobStore.recordBilledUsage`) so the daily token budget sees it.
 */
export type ChunkRunResult =
  | ({ kind: 'done'; attempts: number } & GeneratedChunk)
  | { kind: 'failed'; error: WorkerError; attempts: number; billed: TokenUsage }
  /** Out of time before a retry: the next invocation carries on with `attempts` already spent. */
  | { kind: 'deferred'; attempts: number; billed: TokenUsage }
  /** A call aborted in flight is not in `billed`: its answer, and the usage in it, never arrived. */
  | { kind: 'stopped'; billed: TokenUsage };

/** No tokens: what a chunk that billed nothing carries. */
export const NO_USAGE: TokenUsage = Object.freeze({ tokensIn: 0, tokensOut: 0, tokensReasoning: 0 });

/** One chunk, attempt after attempt, until it is done, fails for good, runs out of time or is stopped. */
export async function runChunkWithRetries(options: ChunkRunOptions): Promise<ChunkRunResult> {
  const { request, generate, policy, clock, abortSignal, stopSignal, deadline } = options;
  let attempt = options.attemptsBefore ?? 0;
  let ceilingFactor = 1;
  // One free retry per chunk: the generator switches format after a refusal, so a second could only be a bug looping.
  let freeRetriesLeft = 1;
  // Failed calls that were billed (a cut-off or invalid answer): recorded with the answer that is
  // kept, or handed back with any other ending for the job's ledger.
  let billed: TokenUsage = NO_USAGE;
  for (;;) {
    attempt++;
    try {
      const generated = await withOwnSignal(abortSignal, (signal) => generate(request, signal, { ceilingFactor }));
      return { kind: 'done', ...generated, usage: addUsage(generated.usage, billed), attempts: attempt };
    } catch (thrown) {
      if (abortSignal.aborted) return { kind: 'stopped', billed };
      const error =
        thrown instanceof WorkerError
          ? thrown
          : new WorkerError(
              WORKER_ERROR_CODES.internal,
              `Chunk ${request.chunkIndex} failed: ${String(thrown)}`,
              false,
              undefined,
              { cause: thrown },
            );
      // Waiting in line made no call. Counting it would fail the jobs of a long line (200 jobs
      // behind a limit of 60) after a few time budgets, which is what the limit is there to prevent;
      // the job's claims budget still bounds how long it may wait.
      if (error.notAttempted) return { kind: 'deferred', attempts: attempt - 1, billed };
      if (error.billed) billed = addUsage(billed, error.billed);
      // The endpoint refused json_schema and the generator now asks for json_object: no fault of
      // this chunk's, so no attempt is spent (the call did take an LLM slot of the job's budget).
      if (error.uncounted && error.retryable && freeRetriesLeft > 0 && !stopSignal.aborted) {
        freeRetriesLeft--;
        options.onAttemptFailed?.(error, attempt, { retry: true, delayMs: 0 });
        attempt--;
        continue;
      }
      let decision = decideRetry(error, attempt, policy);
      if (decision.retry && error.code === WORKER_ERROR_CODES.llmTokenLimit) {
        ceilingFactor = CUT_OFF_CEILING_FACTOR;
        decision = { retry: true, delayMs: 0 };
      }
      options.onAttemptFailed?.(error, attempt, decision);
      if (!decision.retry) return { kind: 'failed', error, attempts: attempt, billed };
      if (stopSignal.aborted) return { kind: 'stopped', billed };
      if (clock.now() + decision.delayMs >= deadline) return { kind: 'deferred', attempts: attempt, billed };
      await clock.sleep(decision.delayMs, stopSignal);
      if (stopSignal.aborted) return { kind: 'stopped', billed };
    }
  }
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    tokensIn: a.tokensIn + b.tokensIn,
    tokensOut: a.tokensOut + b.tokensOut,
    tokensReasoning: (a.tokensReasoning ?? 0) + (b.tokensReasoning ?? 0),
  };
}

/**
 * Runs one call with a signal of its own that follows `parent`. The openai SDK never removes the
 * abort listener it adds, so handing it the job-wide signal would pile up one listener per call.
 */
async function withOwnSignal<T>(parent: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const own = new AbortController();
  const forward = () => own.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  try {
    return await call(own.signal);
  } finally {
    parent.removeEventListener('abort', forward);
  }
}

/**
 * Waits between attempts to save a chunk while the job database is unavailable (a restart, a
 * failover, a pooled connection that died with the old server): about 8 s in all. The LLM's answer
 * is already paid for, so a blip should cost a wait, not a regenerated chunk. Past this the run
 * gives up; its lease lapses and the job is resumed by the next invocation.
 */
export const SAVE_RETRY_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 4_000] as const;

export interface SaveChunkOptions {
  store: JobStore;
  jobId: string;
  owner: string;
  chunkIndex: number;
  output: ChunkOutput;
  /** The call's tokens, for the usage ledger. */
  usage?: TokenUsage;
  /** How the answer was asked for, recorded with the chunk and the job. */
  responseFormat?: ResponseFormatMode;
  clock: SleepClock;
  /** The run stopped (lease lost, cancelled, shutting down): no further attempt. */
  signal: AbortSignal;
  logger: TalkTrackLogger;
  delaysMs?: readonly number[];
}

/**
 * `store.saveChunk`, retried while the store is `unavailable`. Saving is idempotent per chunk
 * index, so a save that committed but lost its answer is harmless to repeat. `null` when the lease
 * is gone or the run was stopped while waiting; rethrows any other error, and the last
 * `unavailable` one when the retries are spent.
 */
export async function saveChunkWithRetries(options: SaveChunkOptions): Promise<JobRecord | null> {
  const { store, jobId, owner, chunkIndex, output, usage, responseFormat, clock, signal, logger: log } = options;
  let retries = 0;
  const saved = await retryWhileUnavailable(
    () => store.saveChunk(jobId, owner, chunkIndex, output, usage, responseFormat),
    {
      waits: (options.delaysMs ?? SAVE_RETRY_DELAYS_MS)[Symbol.iterator](),
      clock,
      signal,
      onRetry: (delayMs, error) =>
        log.warn('chunk save failed; retrying', {
          jobId,
          owner,
          chunk: chunkIndex,
          attempt: ++retries,
          delayMs,
          error: error.message,
        }),
    },
  );
  return saved ?? null;
}

export interface RetryWhileUnavailableOptions {
  /** One wait (ms) before each new ask. A caller that shares one iterator across calls bounds them together. */
  waits: Iterator<number>;
  clock: SleepClock;
  /** Stops a wait: the call is not asked again. */
  signal: AbortSignal;
  /** Told before each wait. */
  onRetry: (delayMs: number, error: JobStoreError) => void;
}

/**
 * `call`, asked again while the job database is `unavailable` (a restart, a failover), one wait
 * from `waits` before each new ask. `undefined` when `signal` stops a wait; rethrows any other
 * error, and the last `unavailable` one once `waits` is spent.
 */
export async function retryWhileUnavailable<T>(
  call: () => Promise<T>,
  options: RetryWhileUnavailableOptions,
): Promise<T | undefined> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof JobStoreError && error.code === 'unavailable')) throw error;
      const wait = options.waits.next();
      if (wait.done) throw error;
      options.onRetry(wait.value, error);
      await options.clock.sleep(wait.value, options.signal);
      if (options.signal.aborted) return undefined;
    }
  }
}
