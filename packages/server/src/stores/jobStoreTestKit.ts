// Test support for the job store tests: decks, chunk outputs and a way to look at a rejection.
// Not exported from the package.
import type { Deck } from '@talk-track/core';
import type { ChunkOutput } from '../jobStore.ts';

export function deck(id: string, slides = 3): Deck {
  return {
    id,
    title: 'Launch plan',
    slides: Array.from({ length: slides }, (_, i) => ({ title: `Slide ${i + 1}`, bullets: ['A point'] })),
  };
}

/** What a worker saves for chunk `index`: one slide, and the opening with the first chunk. */
export function chunkOutput(index: number): ChunkOutput {
  return {
    slides: [{ index, title: `Slide ${index + 1}`, script: 'Say this.', keyPoints: ['A point'], transition: 'Next.', durationSeconds: 40 }],
    opening: index === 0 ? 'Welcome.' : null,
    closing: null,
  };
}

/** The error `promise` rejects with, to assert on; fails the test when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
