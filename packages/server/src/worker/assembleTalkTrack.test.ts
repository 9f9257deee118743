import { describe, expect, it } from 'vitest';
import type { Deck, TalkTrackSlide } from '@talk-track/core';
import type { ChunkRecord } from '../jobStore.ts';
import { assembleTalkTrack } from './assembleTalkTrack.ts';

const deck: Deck = {
  id: 'd',
  title: 'T',
  slides: Array.from({ length: 5 }, (_, i) => ({ title: `Deck title ${i}`, bullets: [] })),
};
const slide = (index: number): TalkTrackSlide => ({
  index,
  title: `model title ${index}`,
  script: 's',
  keyPoints: [],
  transition: 't',
  durationSeconds: 10 + index,
});
const chunk = (
  chunkIndex: number,
  indexes: number[],
  opening: string | null = null,
  closing: string | null = null,
): ChunkRecord => ({
  jobId: 'j',
  chunkIndex,
  output: { slides: indexes.map(slide), opening, closing },
  createdAt: '2026-01-01T00:00:00Z',
});

describe('assembling the talk track', () => {
  it('puts chunks in order, takes opening and closing from the ends, titles from the deck, and sums the durations', () => {
    const track = assembleTalkTrack(deck, [chunk(2, [4], null, 'Bye'), chunk(0, [0, 1], 'Hi'), chunk(1, [2, 3])], 3);
    expect(track.opening).toBe('Hi');
    expect(track.closing).toBe('Bye');
    expect(track.slides.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    expect(track.slides.map((s) => s.title)).toEqual(deck.slides.map((s) => s.title));
    expect(track.totalDurationSeconds).toBe(10 + 11 + 12 + 13 + 14);
  });

  it('refuses a missing chunk or slide', () => {
    expect(() => assembleTalkTrack(deck, [chunk(0, [0, 1], 'Hi'), chunk(2, [4], null, 'Bye')], 3)).toThrow(
      /expected chunks 0–2/,
    );
    expect(() =>
      assembleTalkTrack(deck, [chunk(0, [0, 1], 'Hi'), chunk(1, [2]), chunk(2, [4], null, 'Bye')], 3),
    ).toThrow(/slide 3 is missing/);
  });
});
