import { WORKER_ERROR_CODES } from '@talk-track/core';

const KEPT = 'Your finished slides are kept; press Retry to continue.';

/**
 * The sentence a person sees when a job fails (`error_message`): what happened, in plain words, and
 * what to do next. What a developer needs (the model, the setting to change) goes in `error_detail`.
 */
export function describeFailure(code: string, attempts: number): string {
  const times = attempts > 1 ? ` after ${attempts} attempts` : '';
  switch (code) {
    case WORKER_ERROR_CODES.llmRateLimited:
      return `The AI service was busy and did not answer${times}. ${KEPT}`;
    case WORKER_ERROR_CODES.llmUnavailable:
      return `The AI service had errors and did not answer${times}. ${KEPT}`;
    case WORKER_ERROR_CODES.llmTimeout:
      return `The AI service took too long and did not answer${times}. ${KEPT}`;
    case WORKER_ERROR_CODES.llmInvalidOutput:
      return `The AI service did not answer in the expected format${times}. ${KEPT}`;
    case WORKER_ERROR_CODES.llmTokenLimit:
      return 'The AI service ran out of room for its answer, so an administrator needs to raise its token limit. Your finished slides are kept.';
    case WORKER_ERROR_CODES.llmRequestRejected:
      return "The AI service refused this app's request, so an administrator needs to check its model settings. Your finished slides are kept.";
    case WORKER_ERROR_CODES.llmAuth:
      return "The AI service refused this app's credentials, so an administrator needs to check its API key. Your finished slides are kept.";
    case WORKER_ERROR_CODES.saveRejected:
      return 'The talk track could not be stored, and trying again would not help, so an administrator needs to look at the server log. Your finished slides are kept.';
    default:
      return `Something went wrong on our side while writing the talk track. ${KEPT}`;
  }
}
