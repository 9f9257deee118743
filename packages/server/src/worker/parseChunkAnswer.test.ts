import { describe, expect, it } from 'vitest';
import type { Deck } from '@talk-track/core';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { parseChunkAnswer } from './parseChunkAnswer.ts';
import { WorkerError } from './workerError.ts';

const deck: Deck = {
  id: 'd',
  title: 'T',
  slides: Array.from({ length: 4 }, (_, i) => ({ title: `Title ${i}`, bullets: [] })),
};
const chunks = planChunks(deck.slides, 2);
const first = buildChunkRequest(deck, chunks[0]!, 2);
const last = buildChunkRequest(deck, chunks[1]!, 2);

const slide = (index: number, extra: Record<string, unknown> = {}) => ({
  index,
  script: `Script ${index}`,
  keyPoints: ['a'],
  transition: 'Next.',
  durationSeconds: 40,
  ...extra,
});
const answer = (body: Record<string, unknown>) =>
  JSON.stringify({ slides: [slide(0), slide(1)], opening: 'Hello.', closing: null, ...body });

function invalid(content: string | null, request = first): WorkerError {
  try {
    parseChunkAnswer(content, request);
  } catch (error) {
    return error as WorkerError;
  }
  throw new Error('expected the answer to be refused');
}

describe('parsing a chunk answer', () => {
  it('keeps the deck titles and the opening of the first chunk', () => {
    const output = parseChunkAnswer(answer({}), first);
    expect(output.opening).toBe('Hello.');
    expect(output.closing).toBeNull();
    expect(output.slides.map((s) => s.title)).toEqual(['Title 0', 'Title 1']);
    expect(output.slides[0]).toEqual({
      index: 0,
      title: 'Title 0',
      script: 'Script 0',
      keyPoints: ['a'],
      transition: 'Next.',
      durationSeconds: 40,
    });
  });

  it('rounds a fractional duration instead of retrying', () => {
    expect(
      parseChunkAnswer(answer({ slides: [slide(0, { durationSeconds: 42.6 }), slide(1)] }), first).slides[0]!
        .durationSeconds,
    ).toBe(43);
  });

  it('drops an opening volunteered on a later chunk, and needs the closing on the last', () => {
    const output = parseChunkAnswer(
      JSON.stringify({ slides: [slide(2), slide(3)], opening: 'Extra', closing: 'Bye.' }),
      last,
    );
    expect(output).toMatchObject({ opening: null, closing: 'Bye.' });
    expect(
      invalid(JSON.stringify({ slides: [slide(2), slide(3)], opening: null, closing: null }), last).message,
    ).toMatch(/closing is missing/);
  });

  it.each([
    ['empty', null, /empty/],
    ['not JSON', 'Sure! Here is your talk track:', /not JSON/],
    ['a missing slide', answer({ slides: [slide(0)] }), /expected slides \[0, 1\], got \[0\]/],
    ['slides out of order', answer({ slides: [slide(1), slide(0)] }), /got \[1, 0\]/],
    ['another chunk’s slides', answer({ slides: [slide(2), slide(3)] }), /got \[2, 3\]/],
    ['no opening on the first chunk', answer({ opening: null }), /opening is missing/],
    ['an empty script', answer({ slides: [slide(0, { script: '  ' }), slide(1)] }), /slides\.0\.script/],
    ['an extra property', answer({ slides: [slide(0, { mood: 'upbeat' }), slide(1)] }), /slides\.0/],
    ['a zero duration', answer({ slides: [slide(0, { durationSeconds: 0 }), slide(1)] }), /durationSeconds/],
  ])('refuses %s as retryable llm_invalid_output', (_, content, why) => {
    const error = invalid(content);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error.code).toBe('llm_invalid_output');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(why);
  });
});
