import type { DeckInput } from '@talk-track/react';

/** Forty slides: eight chunks, so the progress bar has steps to move through. Typed from the react package alone, as a host that installed only it would. */
export const HOST_DECK: DeckInput = {
  id: 'host-test-deck',
  title: 'Quarterly review',
  audience: 'The leadership team',
  slides: Array.from({ length: 40 }, (_, index) => ({
    title: `Topic ${index + 1}`,
    bullets: [`Point A of topic ${index + 1}`, `Point B of topic ${index + 1}`],
  })),
};
