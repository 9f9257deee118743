import { API_ERROR_CODES } from '@talk-track/core';
import { JobStoreError, type LimitRefusal } from '../jobStore.ts';
import { apiError } from '../shared/apiError.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';

// Said to the user; the database's own message names counts and intervals for the log.
const LIMIT_MESSAGES: Record<LimitRefusal['limit'], string> = {
  [API_ERROR_CODES.tooManyActiveJobs]:
    'You already have the most talk tracks being generated at once. Try again when one finishes.',
  [API_ERROR_CODES.tooManyStarts]: 'You started many talk tracks recently. Try again later.',
  [API_ERROR_CODES.dailyTokenBudgetExceeded]: "You reached today's talk track budget. Try again tomorrow.",
};

/**
 * The answer for anything a route handler throws. Refused transitions are the caller's business
 * (409); everything else is ours, so the caller gets a generic 503 it may retry and the cause
 * goes to the log, never into the response.
 */
export function errorResponse(error: unknown, logger: TalkTrackLogger): Response {
  if (error instanceof JobStoreError) {
    if (error.code === 'job_already_active') {
      return apiError(409, API_ERROR_CODES.jobAlreadyActive, 'A talk track is already being generated for this deck.', {
        jobId: error.jobId,
      });
    }
    if (error.code === 'limit_reached' && error.refusal) {
      const { limit, retryAfterSeconds } = error.refusal;
      return apiError(429, limit, LIMIT_MESSAGES[limit], { headers: { 'retry-after': String(retryAfterSeconds) } });
    }
    if (error.code === 'retry_budget_exhausted') {
      return apiError(
        409,
        API_ERROR_CODES.retryBudgetExhausted,
        'This talk track used up its retries. Start a new one instead.',
      );
    }
    if (error.code === 'invalid_transition') {
      // The store's message names SQL internals; the caller only needs to know the state forbids it.
      return apiError(
        409,
        API_ERROR_CODES.invalidTransition,
        'The job cannot do that in its current state. Read its status and try again.',
      );
    }
  }
  logger.error('A talk track request failed; answering 503.', { error });
  return apiError(
    503,
    API_ERROR_CODES.serviceUnavailable,
    'The talk track service is unavailable right now. Try again in a moment.',
  );
}
