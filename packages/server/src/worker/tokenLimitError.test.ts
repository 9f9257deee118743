import { describe, expect, it } from 'vitest';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import type { ModelProfileSettings } from './modelProfile.ts';
import { tokenLimitError } from './tokenLimitError.ts';

const deck = sampleDeck(8);
const request = buildChunkRequest(deck, planChunks(deck.slides, 5)[1]!, 2);
const profile = (overrides: Partial<ModelProfileSettings>): ModelProfileSettings => ({
  model: 'gpt-4o-mini',
  reasoningModel: undefined,
  reasoningEffort: 'low',
  reasoningTokensPerSlide: undefined,
  answerTokensPerSlide: 700,
  ...overrides,
});

describe('the error for an answer cut off at the token limit', () => {
  it('is retryable the first time and final on the retry with a larger ceiling', () => {
    const facts = { request, profile: profile({}), ceiling: 2_000, reasoningTokens: 0 };
    expect(tokenLimitError({ ...facts, retried: false })).toMatchObject({ code: 'llm_token_limit', retryable: true });
    const final = tokenLimitError({ ...facts, ceiling: 4_000, retried: true });
    expect(final).toMatchObject({ code: 'llm_token_limit', retryable: false });
    expect(final.message).toBe(
      'The answer for chunk 1 from model "gpt-4o-mini" was cut off at max_completion_tokens 4000, on the retry with a larger ceiling too. Raise TALK_TRACK_TOKENS_PER_SLIDE (now 700).',
    );
  });

  it("names the reasoning settings when thinking took most of a reasoning model's ceiling, and the answer budget when it did not", () => {
    const reasoner = profile({ model: 'gpt-5-mini', reasoningEffort: 'medium' });
    expect(
      tokenLimitError({ request, profile: reasoner, ceiling: 9_000, reasoningTokens: 9_000, retried: true }).message,
    ).toMatch(
      /\(9000 of them reasoning\).*Raise TALK_TRACK_REASONING_TOKENS_PER_SLIDE \(now 1536\) or lower TALK_TRACK_REASONING_EFFORT \(now medium\)\.$/,
    );
    expect(
      tokenLimitError({ request, profile: reasoner, ceiling: 9_000, reasoningTokens: 1_000, retried: true }).message,
    ).toMatch(/Raise TALK_TRACK_TOKENS_PER_SLIDE \(now 700\)\.$/);
  });
});
