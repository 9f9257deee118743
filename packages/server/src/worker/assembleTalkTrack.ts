import { type Deck, type TalkTrack, talkTrackSchema } from '@talk-track/core';
import type { ChunkRecord } from '../jobStore.ts';

/**
 * The finished talk track from the saved chunks: opening from the first chunk, closing from the
 * last, every slide once and in deck order with the deck's own titles. Throws when a chunk is
 * missing or the result would not match the talk track schema — a bug, not an LLM hiccup.
 */
export function assembleTalkTrack(deck: Deck, chunks: readonly ChunkRecord[], totalChunks: number): TalkTrack {
  const ordered = [...chunks].sort((a, b) => a.chunkIndex - b.chunkIndex);
  const indexes = ordered.map((chunk) => chunk.chunkIndex);
  if (ordered.length !== totalChunks || indexes.some((index, i) => index !== i)) {
    throw new Error(
      `Cannot assemble the talk track: expected chunks 0–${totalChunks - 1}, have [${indexes.join(', ')}].`,
    );
  }
  const slides = ordered
    .flatMap((chunk) => chunk.output.slides)
    .map((slide, i) => {
      if (slide.index !== i)
        throw new Error(`Cannot assemble the talk track: slide ${i} is missing (found index ${slide.index}).`);
      return { ...slide, title: deck.slides[i]?.title ?? slide.title };
    });
  if (slides.length !== deck.slides.length) {
    throw new Error(
      `Cannot assemble the talk track: the deck has ${deck.slides.length} slides, the chunks ${slides.length}.`,
    );
  }
  return talkTrackSchema.parse({
    opening: ordered[0]?.output.opening ?? '',
    slides,
    closing: ordered[ordered.length - 1]?.output.closing ?? '',
    totalDurationSeconds: slides.reduce((sum, slide) => sum + slide.durationSeconds, 0),
  });
}
