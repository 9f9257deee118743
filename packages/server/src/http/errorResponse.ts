import { JobStoreError } from '../jobStore.ts';
import { apiError } from './apiError.ts';
import type { TalkTrackLogger } from './logger.ts';

/**
 * The answer for anything a route handler throws. Refused transitions are the caller's business
 * (409); everything else is ours, so the caller gets a generic 503 it may retry and the cause
 * goes to the log, never into the response.
 */
export function errorResponse(error: unknown, logger: TalkTrackLogger): Response {
  if (error instanceof JobStoreError) {
    if (error.code === 'job_already_active') {
      return apiError(409, 'job_already_active', 'A talk track is already being generated for this deck.', { jobId: error.jobId });
    }
    if (error.code === 'invalid_transition') {
      // The store's message names SQL internals; the caller only needs to know the state forbids it.
      return apiError(409, 'invalid_transition', 'The job cannot do that in its current state. Read its status and try again.');
    }
  }
  logger.error('A talk track request failed; answering 503.', error);
  return apiError(503, 'service_unavailable', 'The talk track service is unavailable right now. Try again in a moment.');
}
