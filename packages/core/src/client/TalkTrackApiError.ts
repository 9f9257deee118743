import type { ApiErrorCode } from '../api.ts';

/** Codes the client adds to the API's own: the request never got an answer, or the answer was not the API's JSON. */
export const CLIENT_ERROR_CODES = {
  networkError: 'network_error',
  invalidResponse: 'invalid_response',
} as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES];

export interface TalkTrackApiErrorInit {
  code: ApiErrorCode | ClientErrorCode;
  message: string;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  field?: string;
  jobId?: string;
  /** From a `Retry-After` header (seconds): how long the server asked the client to wait. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * Every failure of the HTTP transport. Branch on `code` (stable), never on `message`.
 * `network_error` (status 0) means the request never got an answer: the caller may try again.
 */
export class TalkTrackApiError extends Error {
  readonly code: TalkTrackApiErrorInit['code'];
  readonly status: number;
  readonly field?: string;
  readonly jobId?: string;
  readonly retryAfterMs?: number;

  constructor(init: TalkTrackApiErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'TalkTrackApiError';
    this.code = init.code;
    this.status = init.status;
    this.field = init.field;
    this.jobId = init.jobId;
    this.retryAfterMs = init.retryAfterMs;
  }

  get isNetworkError(): boolean {
    return this.code === CLIENT_ERROR_CODES.networkError;
  }

  /** Worth asking again later: no answer, a timeout, rate limiting or a server-side failure. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}
