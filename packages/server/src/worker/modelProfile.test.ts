import { describe, expect, it } from 'vitest';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { completionTokenLimit } from './completionTokenLimit.ts';
import {
  type ModelProfileSettings,
  REASONING_EXTRA_SLIDES,
  REASONING_TOKENS_PER_SLIDE,
  chunkCallParams,
  isReasoningModelName,
} from './modelProfile.ts';

const deck = sampleDeck(8);
const request = buildChunkRequest(deck, planChunks(deck.slides, 5)[0]!, 2);
const settings = (overrides: Partial<ModelProfileSettings> = {}): ModelProfileSettings => ({
  model: 'gpt-4o-mini',
  reasoningModel: undefined,
  reasoningEffort: 'low',
  reasoningTokensPerSlide: undefined,
  answerTokensPerSlide: 700,
  ...overrides,
});

describe('model profile', () => {
  it.each([
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano-2025-08-07',
    'GPT-5.1',
    'gpt-5.4-mini',
    'gpt-6-luna',
    'gpt-6-sol',
    'gpt-10-mini',
    'o1',
    'o3-mini',
    'o4-mini',
  ])('treats %s as a reasoning model', (model) => {
    expect(isReasoningModelName(model)).toBe(true);
  });

  it.each([
    'gpt-4o-mini',
    'gpt-4.1-mini',
    'gpt-3.5-turbo',
    'gpt-5-chat-latest',
    'gpt-5.1-chat-latest',
    'gpt-6-luna-chat',
    'omni-moderation',
    'llama-3.1-8b',
    'talk-track-local',
  ])('treats %s as a model without reasoning', (model) => {
    expect(isReasoningModelName(model)).toBe(false);
  });

  it("keeps today's request for a model without reasoning: the answer's ceiling and nothing else", () => {
    expect(chunkCallParams(request, settings())).toEqual({ max_completion_tokens: completionTokenLimit(request) });
  });

  it('gives a reasoning model its effort and a ceiling of the answer plus an allowance sized by effort', () => {
    const answer = completionTokenLimit(request);
    const slidesCounted = request.slides.length + REASONING_EXTRA_SLIDES;
    expect(chunkCallParams(request, settings({ model: 'gpt-5-mini' }))).toEqual({
      max_completion_tokens: answer + REASONING_TOKENS_PER_SLIDE.low * slidesCounted,
      reasoning_effort: 'low',
    });
    const high = chunkCallParams(request, settings({ model: 'o4-mini', reasoningEffort: 'high' }));
    expect(high).toEqual({
      max_completion_tokens: answer + REASONING_TOKENS_PER_SLIDE.high * slidesCounted,
      reasoning_effort: 'high',
    });
    // More effort, more room: a ceiling that ignored effort would cut high-effort answers off.
    expect(REASONING_TOKENS_PER_SLIDE.none).toBe(0);
    expect(REASONING_TOKENS_PER_SLIDE.minimal).toBeLessThan(REASONING_TOKENS_PER_SLIDE.low);
    expect(REASONING_TOKENS_PER_SLIDE.low).toBeLessThan(REASONING_TOKENS_PER_SLIDE.medium);
    expect(REASONING_TOKENS_PER_SLIDE.medium).toBeLessThan(REASONING_TOKENS_PER_SLIDE.high);
  });

  it("sends none to a model that may skip reasoning, with the answer's ceiling alone", () => {
    expect(chunkCallParams(request, settings({ model: 'gpt-6-luna', reasoningEffort: 'none' }))).toEqual({
      max_completion_tokens: completionTokenLimit(request),
      reasoning_effort: 'none',
    });
  });

  it("follows the host's settings: forced either way, its own allowance and answer budget", () => {
    expect(
      chunkCallParams(
        request,
        settings({
          model: 'my-reasoner',
          reasoningModel: true,
          reasoningTokensPerSlide: 10,
          answerTokensPerSlide: 100,
        }),
      ),
    ).toEqual({
      max_completion_tokens: completionTokenLimit(request, 100) + 10 * (request.slides.length + REASONING_EXTRA_SLIDES),
      reasoning_effort: 'low',
    });
    expect(chunkCallParams(request, settings({ model: 'gpt-5-mini', reasoningModel: false }))).toEqual({
      max_completion_tokens: completionTokenLimit(request),
    });
  });

  it('multiplies the whole ceiling for the retry after a cut-off answer', () => {
    const once = chunkCallParams(request, settings({ model: 'gpt-5-mini' }));
    expect(chunkCallParams(request, settings({ model: 'gpt-5-mini' }), 2)).toEqual({
      ...once,
      max_completion_tokens: once.max_completion_tokens * 2,
    });
  });
});
