/** Forty slides: eight chunks, so the progress bar has steps to move through. */
export const HOST_DECK = {
  id: 'host-test-deck',
  title: 'Quarterly review',
  audience: 'The leadership team',
  slides: Array.from({ length: 40 }, (_, index) => ({ title: `Topic ${index + 1}`, bullets: [`Point A of topic ${index + 1}`, `Point B of topic ${index + 1}`] })),
};
