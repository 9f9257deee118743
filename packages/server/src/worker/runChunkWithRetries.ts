import { WORKER_ERROR_CODES } from '@talk-track/core';
import type { ChunkRequest } from './chunkRequest.ts';
import type { GenerateChunk, GeneratedChunk } from './generateChunk.ts';
import { type RetryDecision, type RetryPolicyOptions, decideRetry } from './retryPolicy.ts';
import type { Clock } from '../shared/clock.ts';
import { WorkerError } from './workerError.ts';

export interface ChunkRunOptions {
  request: ChunkRequest;
  generate: GenerateChunk;
  policy: RetryPolicyOptions;
  clock: Clock;
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

export type ChunkRunResult =
  | ({ kind: 'done'; attempts: number } & GeneratedChunk)
  | { kind: 'failed'; error: WorkerError; attempts: number }
  /** Out of time before a retry: the next invocation carries on with `attempts` already spent. */
  | { kind: 'deferred'; attempts: number }
  | { kind: 'stopped' };

/** One chunk, attempt after attempt, until it is done, fails for good, runs out of time or is stopped. */
export async function runChunkWithRetries(options: ChunkRunOptions): Promise<ChunkRunResult> {
  const { request, generate, policy, clock, abortSignal, stopSignal, deadline } = options;
  let attempt = options.attemptsBefore ?? 0;
  for (;;) {
    attempt++;
    try {
      const generated = await withOwnSignal(abortSignal, (signal) => generate(request, signal));
      return { kind: 'done', ...generated, attempts: attempt };
    } catch (thrown) {
      if (abortSignal.aborted) return { kind: 'stopped' };
      const error =
        thrown instanceof WorkerError
          ? thrown
          : new WorkerError(WORKER_ERROR_CODES.internal, `Chunk ${request.chunkIndex} failed: ${String(thrown)}`, false, undefined, { cause: thrown });
      const decision = decideRetry(error, attempt, policy);
      options.onAttemptFailed?.(error, attempt, decision);
      if (!decision.retry) return { kind: 'failed', error, attempts: attempt };
      if (stopSignal.aborted) return { kind: 'stopped' };
      if (clock.now() + decision.delayMs >= deadline) return { kind: 'deferred', attempts: attempt };
      await clock.sleep(decision.delayMs, stopSignal);
      if (stopSignal.aborted) return { kind: 'stopped' };
    }
  }
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
