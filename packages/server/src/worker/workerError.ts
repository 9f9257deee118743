import type { WorkerErrorCode } from '@talk-track/core';
import type { TokenUsage } from '../jobStore.ts';

/**
 * A failure of one chunk attempt, already classified: the code that ends up in `error_code` when
 * the job fails, whether another attempt may help, and how long the LLM asked us to wait.
 */
export class WorkerError extends Error {
  /**
   * The attempt never reached the LLM: it waited in line for a slot until the time budget ran
   * out. The chunk moves to the next invocation without spending one of its attempts.
   */
  readonly notAttempted: boolean;
  /**
   * The call reached the LLM but failed through no fault of the chunk: the endpoint refused
   * `response_format: json_schema`, and the next call asks for `json_object`. It is retried at
   * once without spending one of the chunk's attempts (it did take an LLM slot).
   */
  readonly uncounted: boolean;
  /** What the API billed for the failed call (an answer cut off or invalid is paid for): added to the chunk's ledger when it succeeds, else to the job's. */
  readonly billed: TokenUsage | undefined;

  constructor(
    readonly code: WorkerErrorCode,
    message: string,
    readonly retryable: boolean,
    /** From `retry-after-ms` / `retry-after`: the least time to wait before the next attempt. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; notAttempted?: boolean; uncounted?: boolean; billed?: TokenUsage },
  ) {
    super(message, options);
    this.name = 'WorkerError';
    this.notAttempted = options?.notAttempted === true;
    this.uncounted = options?.uncounted === true;
    this.billed = options?.billed;
  }

  /** This error with what its call billed. */
  withBilled(billed: TokenUsage): WorkerError {
    return new WorkerError(this.code, this.message, this.retryable, this.retryAfterMs, {
      cause: this.cause,
      notAttempted: this.notAttempted,
      uncounted: this.uncounted,
      billed,
    });
  }
}
