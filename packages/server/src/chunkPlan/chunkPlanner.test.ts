import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../tooling/src/llm/seededRandom.ts';
import { chunksFromStarts, planChunks as planSlides, type ChunkPlan } from './chunkPlanner.ts';
import type { PromptLimits, Slide } from './promptBudget.ts';

const BUDGET = 10_000;

/** Decks as hosts send them: mostly short slides, some long ones, now and then one past the budget. */
function randomSlideSizes(random: () => number): number[] {
  return Array.from({ length: 1 + Math.floor(random() * 60) }, () => {
    const roll = random();
    if (roll < 0.7) return 1 + Math.floor(random() * 1_500);
    if (roll < 0.95) return 1 + Math.floor(random() * BUDGET * 0.8);
    return BUDGET + Math.floor(random() * BUDGET);
  });
}

/** Slides carrying `sizes[i]` characters of prompt text each. */
const slidesOf = (sizes: readonly number[]): Slide[] =>
  sizes.map((size) => ({ title: 't', bullets: [], notes: 'n'.repeat(size - 1) }));
const planChunks = (sizes: readonly number[], chunkSize: number, limits?: Pick<PromptLimits, 'maxChunkChars'>) =>
  planSlides(slidesOf(sizes), chunkSize, limits);

const chars = (sizes: readonly number[], chunk: ChunkPlan) =>
  sizes.slice(chunk.start, chunk.end).reduce((a, b) => a + b, 0);

describe('planChunks', () => {
  it('puts short slides in fixed chunks of chunkSize, the last one shorter', () => {
    expect(planChunks(Array(12).fill(100), 5)).toEqual([
      { index: 0, start: 0, end: 5 },
      { index: 1, start: 5, end: 10 },
      { index: 2, start: 10, end: 12 },
    ]);
  });

  it('gives a slide over half the budget a chunk of its own, and the slides after it a fresh one', () => {
    const sizes = [100, 100, 9_000, 100, 100, 100];
    expect(planChunks(sizes, 5, { maxChunkChars: 16_000 }).map(({ start, end }) => [start, end])).toEqual([
      [0, 2],
      [2, 3],
      [3, 6],
    ]);
  });

  it('starts a new chunk where the next slide would take the chunk past the budget', () => {
    // 4,000 each: under half of 10,000, but three of them are 12,000.
    expect(
      planChunks([4_000, 4_000, 4_000, 4_000, 4_000], 5, { maxChunkChars: BUDGET }).map(({ start, end }) => [
        start,
        end,
      ]),
    ).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
  });

  it('on 500 random decks: every slide in exactly one chunk, in order; no chunk past chunkSize; none over budget unless a lone slide is; big slides alone', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 500; trial++) {
      const sizes = randomSlideSizes(random);
      const chunkSize = 1 + Math.floor(random() * 8);
      const plan = planChunks(sizes, chunkSize, { maxChunkChars: BUDGET });
      const covered = plan.flatMap((chunk) =>
        Array.from({ length: chunk.end - chunk.start }, (_, k) => chunk.start + k),
      );
      expect(covered).toEqual(sizes.map((_, i) => i));
      plan.forEach((chunk, index) => {
        expect(chunk.index).toBe(index);
        expect(chunk.end - chunk.start).toBeGreaterThanOrEqual(1);
        expect(chunk.end - chunk.start).toBeLessThanOrEqual(chunkSize);
        if (chars(sizes, chunk) > BUDGET) expect(chunk.end - chunk.start).toBe(1);
      });
      sizes.forEach((size, i) => {
        if (size > BUDGET / 2) expect(plan.find((chunk) => chunk.start === i && chunk.end === i + 1)).toBeDefined();
      });
      // A stored plan reads back as the same chunks.
      expect(
        chunksFromStarts(
          plan.map((chunk) => chunk.start),
          sizes.length,
        ),
      ).toEqual(plan);
    }
  });
});

describe('chunksFromStarts', () => {
  it('reads a stored plan: each chunk runs to the next start, the last to the deck’s end', () => {
    expect(chunksFromStarts([0, 3, 4], 9)).toEqual([
      { index: 0, start: 0, end: 3 },
      { index: 1, start: 3, end: 4 },
      { index: 2, start: 4, end: 9 },
    ]);
  });

  it.each([
    ['empty', [], 3],
    ['not starting at 0', [1, 2], 3],
    ['not rising', [0, 2, 2], 3],
    ['falling', [0, 2, 1], 3],
    ['past the deck', [0, 3], 3],
    ['not whole', [0, 1.5], 3],
  ])('refuses a plan %s', (_, starts, slideCount) => {
    expect(() => chunksFromStarts(starts, slideCount)).toThrow(RangeError);
  });
});
