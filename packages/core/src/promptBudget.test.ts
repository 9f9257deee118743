import { describe, expect, it } from 'vitest';
import { deckSchema, type Deck } from './deckSchema.ts';
import { checkPromptBudget, slideChars } from './promptBudget.ts';

/** A quarterly review as hosts' users write them: a long bullet and long speaker notes on every slide. */
function realDeck(slides: number, bulletChars: number, notesChars: number): Deck {
  return deckSchema.parse({
    id: 'q3-review',
    title: 'Q3 review',
    slides: Array.from({ length: slides }, (_, i) => ({ title: `Topic ${String(i + 1).padStart(2, '0')}`, bullets: ['b'.repeat(bulletChars), 'Short point'], notes: 'n'.repeat(notesChars) })),
  });
}

describe('the prompt budget', () => {
  it('accepts a real 55-slide deck with 700-character bullets and 5,000-character notes, and fields up to 2,000 and 10,000 characters', () => {
    expect(checkPromptBudget(realDeck(55, 700, 5_000), 5)).toBeNull();
    expect(checkPromptBudget(realDeck(10, 2_000, 10_000), 5)).toBeNull();
  });

  it('names the slide that takes the deck over its budget, by number and title, and by how much', () => {
    const deck = realDeck(55, 700, 5_000);
    const perSlide = slideChars(deck.slides[0]!);
    const overrun = checkPromptBudget(deck, 5, { maxChunkChars: 100_000, maxDeckChars: perSlide * 40 + 10 });
    expect(overrun).toEqual({
      field: 'deck.slides.40',
      message: `Slide 41 ("Topic 41") brings the deck to ${(perSlide * 41).toLocaleString('en-US')} characters: ${(perSlide - 10).toLocaleString('en-US')} over the ${(perSlide * 40 + 10).toLocaleString('en-US')} a deck may hold. Shorten the notes or split the deck.`,
    });
  });

  it('names the slide that takes one request over its budget, with the slides generated with it', () => {
    const deck = realDeck(12, 700, 5_000);
    const perSlide = slideChars(deck.slides[0]!);
    expect(checkPromptBudget(deck, 5, { maxChunkChars: perSlide * 3, maxDeckChars: 1_000_000 })).toMatchObject({
      field: 'deck.slides.3',
      message: expect.stringMatching(/^Slide 4 \("Topic 04"\) brings slides 1–4, generated together, to [\d,]+ characters: [\d,]+ over the [\d,]+ one request may carry\./),
    });
    // A slide that alone is over says so about itself.
    expect(checkPromptBudget(deck, 5, { maxChunkChars: perSlide - 1, maxDeckChars: 1_000_000 })?.message).toMatch(/^Slide 1 \("Topic 01"\) holds [\d,]+ characters: 1 over/);
  });
});
