import type { WorkerErrorCode } from '@talk-track/core';

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

  constructor(
    readonly code: WorkerErrorCode,
    message: string,
    readonly retryable: boolean,
    /** From `retry-after-ms` / `retry-after`: the least time to wait before the next attempt. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; notAttempted?: boolean },
  ) {
    super(message, options);
    this.name = 'WorkerError';
    this.notAttempted = options?.notAttempted === true;
  }
}
