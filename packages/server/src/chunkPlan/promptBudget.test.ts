import { describe, expect, it } from 'vitest';
import { deckSchema, type Deck } from '@talk-track/core';
import { chunksFromStarts, planChunks } from './chunkPlanner.ts';
import { checkPromptBudget, DEFAULT_PROMPT_LIMITS, slideChars, type PromptLimits } from './promptBudget.ts';

/** A quarterly review as hosts' users write them: a long bullet and long speaker notes on every slide. */
function realDeck(slides: number, bulletChars: number, notesChars: number): Deck {
  return deckSchema.parse({
    id: 'q3-review',
    title: 'Q3 review',
    slides: Array.from({ length: slides }, (_, i) => ({
      title: `Topic ${String(i + 1).padStart(2, '0')}`,
      bullets: ['b'.repeat(bulletChars), 'Short point'],
      notes: 'n'.repeat(notesChars),
    })),
  });
}

/** The plan the route handler would store for the deck. */
const plan = (deck: Deck, limits: PromptLimits = DEFAULT_PROMPT_LIMITS) => planChunks(deck.slides, 5, limits);

describe('the prompt budget', () => {
  it('accepts a real 55-slide deck with 700-character bullets and 5,000-character notes, and fields up to 2,000 and 10,000 characters', () => {
    const real = realDeck(55, 700, 5_000);
    expect(checkPromptBudget(real, plan(real))).toBeNull();
    expect(plan(real)).toHaveLength(11);
    const long = realDeck(10, 2_000, 10_000);
    expect(checkPromptBudget(long, plan(long))).toBeNull();
  });

  it('names the slide that takes the deck over its budget, by number and title, and by how much', () => {
    const deck = realDeck(55, 700, 5_000);
    const perSlide = slideChars(deck.slides[0]!);
    const limits = { maxChunkChars: 100_000, maxDeckChars: perSlide * 40 + 10 };
    const overrun = checkPromptBudget(deck, plan(deck, limits), limits);
    expect(overrun).toEqual({
      field: 'deck.slides.40',
      message: `Slide 41 ("Topic 41") brings the deck to ${(perSlide * 41).toLocaleString('en-US')} characters: ${(perSlide - 10).toLocaleString('en-US')} over the ${(perSlide * 40 + 10).toLocaleString('en-US')} a deck may hold. Shorten the notes or split the deck.`,
    });
  });

  it('accepts slides that could not share a request: the plan gives each its own', () => {
    const deck = realDeck(12, 700, 5_000);
    const perSlide = slideChars(deck.slides[0]!);
    // Two slides fill a request: five a chunk would be 2.5 times over.
    const limits = { maxChunkChars: perSlide * 2, maxDeckChars: 1_000_000 };
    expect(plan(deck, limits)).toHaveLength(6);
    expect(checkPromptBudget(deck, plan(deck, limits), limits)).toBeNull();
  });

  it('names a slide that alone is over one request’s budget, and slides a plan put together past it', () => {
    const deck = realDeck(12, 700, 5_000);
    const perSlide = slideChars(deck.slides[0]!);
    const tight = { maxChunkChars: perSlide - 1, maxDeckChars: 1_000_000 };
    expect(checkPromptBudget(deck, plan(deck, tight), tight)?.message).toMatch(
      /^Slide 1 \("Topic 01"\) holds [\d,]+ characters: 1 over/,
    );
    // A plan made without the text in mind (five slides a chunk) is checked as it stands.
    const limits = { maxChunkChars: perSlide * 3, maxDeckChars: 1_000_000 };
    expect(checkPromptBudget(deck, chunksFromStarts([0, 5, 10], 12), limits)).toMatchObject({
      field: 'deck.slides.3',
      message: expect.stringMatching(
        /^Slide 4 \("Topic 04"\) brings slides 1–4, generated together, to [\d,]+ characters: [\d,]+ over the [\d,]+ one request may carry\./,
      ),
    });
  });
});
