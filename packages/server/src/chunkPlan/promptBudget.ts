import type { Deck } from '@talk-track/core';

/** One slide of a deck, as `deckSchema` parses it. */
export type Slide = Deck['slides'][number];

/** How much slide text the prompts may carry: what bounds a job's cost and each call's context, instead of tight per-field limits. */
export interface PromptLimits {
  /** Characters of slide text (titles, bullets, notes) one LLM call may carry. Default 100,000 (roughly 25,000 tokens, well inside a 128k-token context). */
  maxChunkChars: number;
  /** Characters of slide text in the whole deck. Default 600,000 (a 55-slide deck of 10,000-character slides fits). */
  maxDeckChars: number;
}

export const DEFAULT_PROMPT_LIMITS: PromptLimits = { maxChunkChars: 100_000, maxDeckChars: 600_000 };

/** Where a deck goes over its budget, as the API reports it (a 422 `validation_failed`). */
export interface PromptBudgetOverrun {
  /** The slide that crosses the budget (`deck.slides.41`). */
  field: string;
  message: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The slide text the prompt carries for one slide. */
export function slideChars(slide: Slide): number {
  return (
    slide.title.length + slide.bullets.reduce((sum, bullet) => sum + bullet.length, 0) + (slide.notes?.length ?? 0)
  );
}

/**
 * The first slide at which the deck goes over `limits`, per chunk of the job's `plan` (the one the
 * worker will run, from `planChunks`) or for the whole deck, named by number and title with how far
 * over it is; `null` when it fits. A chunk is read by its slide range only: the planner imports
 * this file, so this one names no type of the planner's.
 */
export function checkPromptBudget(
  deck: Deck,
  plan: readonly { start: number; end: number }[],
  limits: PromptLimits = DEFAULT_PROMPT_LIMITS,
): PromptBudgetOverrun | null {
  const sizes = deck.slides.map(slideChars);
  const name = (i: number) => `Slide ${i + 1} ("${deck.slides[i]!.title}")`;
  let deckTotal = 0;
  for (const chunk of plan) {
    let chunkTotal = 0;
    for (let i = chunk.start; i < chunk.end; i++) {
      chunkTotal += sizes[i]!;
      deckTotal += sizes[i]!;
      if (chunkTotal > limits.maxChunkChars) {
        const what = i === chunk.start ? 'holds' : `brings slides ${chunk.start + 1}–${i + 1}, generated together, to`;
        return {
          field: `deck.slides.${i}`,
          message: `${name(i)} ${what} ${count(chunkTotal)} characters: ${count(chunkTotal - limits.maxChunkChars)} over the ${count(limits.maxChunkChars)} one request may carry. Shorten its notes or bullets.`,
        };
      }
      if (deckTotal > limits.maxDeckChars) {
        return {
          field: `deck.slides.${i}`,
          message: `${name(i)} brings the deck to ${count(deckTotal)} characters: ${count(deckTotal - limits.maxDeckChars)} over the ${count(limits.maxDeckChars)} a deck may hold. Shorten the notes or split the deck.`,
        };
      }
    }
  }
  return null;
}
