import type { Deck } from '@talk-track/core';

const TOPICS = [
  'Why now',
  'The problem',
  'What customers told us',
  'Our approach',
  'How it works',
  'Results so far',
  'Pricing',
  'Roadmap',
  'The team',
  'What we ask',
];

/** A deck of `slideCount` slides with varied titles and bullets: for tests, benchmarks and the offline demo. */
export function sampleDeck(slideCount: number, overrides: Partial<Deck> = {}): Deck {
  return {
    id: `deck-${slideCount}`,
    title: 'Launching the Funnel Builder',
    audience: 'the sales team',
    slides: Array.from({ length: slideCount }, (_, i) => ({
      title: `${TOPICS[i % TOPICS.length]} (${i + 1})`,
      bullets: Array.from({ length: (i % 3) + 1 }, (_, b) => `Point ${b + 1} of slide ${i + 1}`),
      ...(i % 4 === 0 ? { notes: `Pause here and ask the room a question about slide ${i + 1}.` } : {}),
    })),
    ...overrides,
  };
}
