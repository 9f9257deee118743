import type { DeckInput } from '@talk-track/core';

const TOPICS = [
  'Welcome',
  'The problem',
  'Why now',
  'Our approach',
  'Live demo',
  'Results',
  'Pricing',
  'Roadmap',
  'Case study',
  'Q&A',
];

/** A webinar deck of `slides` slides with believable titles. */
export function storyDeck(id: string, slides: number): DeckInput {
  return {
    id,
    title: 'Launch webinar',
    audience: 'Marketing leads',
    slides: Array.from({ length: slides }, (_, i) => ({
      title: `${TOPICS[i % TOPICS.length]}${i >= TOPICS.length ? ` (${Math.floor(i / TOPICS.length) + 1})` : ''}`,
      bullets: ['One idea per slide', 'A number that matters'],
    })),
  };
}
