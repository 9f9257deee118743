import { WORKER_ERROR_CODES } from '@talk-track/core';
import type { ChunkRequest } from './chunkRequest.ts';
import { type ModelProfileSettings, isReasoningModel, reasoningTokensPerSlide } from './modelProfile.ts';
import { WorkerError } from './workerError.ts';

export interface TokenLimitFacts {
  request: ChunkRequest;
  profile: ModelProfileSettings;
  /** The call's `max_completion_tokens`. */
  ceiling: number;
  /** `completion_tokens_details.reasoning_tokens` of the cut-off call. */
  reasoningTokens: number;
  /** This call was already the retry with a larger ceiling. */
  retried: boolean;
}

/**
 * An answer that ended at `finish_reason: "length"` (empty when a reasoning model spent the ceiling
 * thinking). The first is retryable (once, with a larger ceiling); the retry's is final. The
 * message is for the host: the model, the ceiling and the setting to change.
 */
export function tokenLimitError(facts: TokenLimitFacts): WorkerError {
  const { request, profile, ceiling, reasoningTokens, retried } = facts;
  const spent = reasoningTokens > 0 ? ` (${reasoningTokens} of them reasoning)` : '';
  const again = retried ? ', on the retry with a larger ceiling too' : '';
  return new WorkerError(
    WORKER_ERROR_CODES.llmTokenLimit,
    `The answer for chunk ${request.chunkIndex} from model "${profile.model}" was cut off at max_completion_tokens ${ceiling}${spent}${again}. ${advice(facts)}`,
    !retried,
  );
}

function advice({ profile, ceiling, reasoningTokens }: TokenLimitFacts): string {
  if (!isReasoningModel(profile)) {
    if (reasoningTokens > 0)
      return `The model spends reasoning tokens: set TALK_TRACK_REASONING_MODEL=true so its ceiling has room for them.`;
    return `Raise TALK_TRACK_TOKENS_PER_SLIDE (now ${profile.answerTokensPerSlide}).`;
  }
  if (reasoningTokens * 2 >= ceiling) {
    return `Raise TALK_TRACK_REASONING_TOKENS_PER_SLIDE (now ${reasoningTokensPerSlide(profile)}) or lower TALK_TRACK_REASONING_EFFORT (now ${profile.reasoningEffort}).`;
  }
  return `Raise TALK_TRACK_TOKENS_PER_SLIDE (now ${profile.answerTokensPerSlide}).`;
}
