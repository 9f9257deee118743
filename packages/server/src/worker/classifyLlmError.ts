import OpenAI from 'openai';
import { WORKER_ERROR_CODES, type WorkerErrorCode } from '@talk-track/core';
import { WorkerError } from './workerError.ts';

/**
 * Turns whatever one LLM call threw into a `WorkerError` with the code stored when the job fails.
 * `model` names the model in the messages a host reads.
 */
export function classifyLlmError(error: unknown, nowMs: number, model: string): WorkerError {
  if (error instanceof WorkerError) return error;
  const workerError = (code: WorkerErrorCode, message: string, retryable: boolean, retryAfterMs?: number) =>
    new WorkerError(code, message, retryable, retryAfterMs, { cause: error });
  // Timeout is a subclass of connection error: test it first.
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return workerError(WORKER_ERROR_CODES.llmTimeout, 'The LLM call timed out.', true);
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return workerError(WORKER_ERROR_CODES.internal, 'The LLM call was aborted.', false);
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return workerError(WORKER_ERROR_CODES.llmUnavailable, `Could not reach the LLM: ${error.message}`, true);
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const status = error.status;
    const retryAfterMs = parseRetryAfterMs(error.headers, nowMs);
    if (status === 429) {
      return workerError(
        WORKER_ERROR_CODES.llmRateLimited,
        `The LLM is rate limiting: ${error.message}`,
        true,
        retryAfterMs,
      );
    }
    if (status === 401 || status === 403) {
      return workerError(WORKER_ERROR_CODES.llmAuth, `The LLM refused the credentials: ${error.message}`, false);
    }
    if (isTransientHttpStatus(status)) {
      return workerError(WORKER_ERROR_CODES.llmUnavailable, `The LLM failed: ${error.message}`, true, retryAfterMs);
    }
    // 400/404/422: the request or the model name is wrong; the same call would fail again.
    return workerError(WORKER_ERROR_CODES.llmRequestRejected, rejectionMessage(error, status, model), false);
  }
  const message = error instanceof Error ? error.message : String(error);
  return workerError(WORKER_ERROR_CODES.internal, `Unexpected error while calling the LLM: ${message}`, false);
}

/** The provider's own words, with the parameter and code it named, and the setting a host would change. */
function rejectionMessage(error: InstanceType<typeof OpenAI.APIError>, status: number, model: string): string {
  const named = [error.param ? `parameter ${error.param}` : '', error.code ? `code ${error.code}` : '']
    .filter(Boolean)
    .join(', ');
  const provider = `${error.message}${named ? ` (${named})` : ''}`;
  if (status === 404) {
    return `The LLM endpoint does not know model "${model}" or the URL (HTTP 404: ${provider}). Check OPENAI_MODEL and OPENAI_BASE_URL.`;
  }
  return `The LLM refused the request for model "${model}" (HTTP ${status}: ${provider}). Check OPENAI_MODEL, OPENAI_BASE_URL and the TALK_TRACK_REASONING_* settings.`;
}

/**
 * The HTTP statuses worth another attempt: request timeout, lock conflict, rate limit, and every
 * server error. A 4xx other than these means the request itself is wrong and would fail again.
 */
export function isTransientHttpStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Reads `retry-after-ms` (OpenAI's, precise) or `retry-after` (seconds, or an HTTP date) from a
 * response's headers. `undefined` when absent or unreadable.
 */
export function parseRetryAfterMs(headers: Headers | undefined | null, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
