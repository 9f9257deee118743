import { z } from 'zod';
import type { Deck } from '@talk-track/core';
import type { ChunkPlan } from '../chunkPlan/chunkPlanner.ts';

/**
 * What one LLM call is asked to write, as it travels inside the user message: a JSON block between
 * `<chunk_request>` tags. Defined once here so the worker's prompt and the local OpenAI-compatible
 * server (which reads the block to write a plausible answer) cannot drift apart.
 */
export const chunkRequestSchema = z.object({
  deckTitle: z.string(),
  audience: z.string().nullable(),
  chunkIndex: z.number().int().min(0),
  totalChunks: z.number().int().min(1),
  slideCount: z.number().int().min(1),
  slides: z
    .array(
      z.object({
        index: z.number().int().min(0),
        title: z.string(),
        bullets: z.array(z.string()),
        notes: z.string().nullable(),
      }),
    )
    .min(1),
  /** Title of the slide just before this chunk, so the script picks up where the last chunk ended. */
  previousSlideTitle: z.string().nullable(),
  /** Title of the slide just after this chunk: the last slide's transition leads into it. */
  nextSlideTitle: z.string().nullable(),
  /** The first chunk writes the talk's opening; the last writes its closing. */
  wantOpening: z.boolean(),
  wantClosing: z.boolean(),
});

export type ChunkRequest = z.infer<typeof chunkRequestSchema>;

export const CHUNK_REQUEST_OPEN_TAG = '<chunk_request>';
export const CHUNK_REQUEST_CLOSE_TAG = '</chunk_request>';

export function buildChunkRequest(deck: Deck, chunk: ChunkPlan, totalChunks: number): ChunkRequest {
  const slides = deck.slides.slice(chunk.start, chunk.end);
  return {
    deckTitle: deck.title,
    audience: deck.audience?.trim() ? deck.audience : null,
    chunkIndex: chunk.index,
    totalChunks,
    slideCount: deck.slides.length,
    slides: slides.map((slide, offset) => ({
      index: chunk.start + offset,
      title: slide.title,
      bullets: slide.bullets ?? [],
      notes: slide.notes?.trim() ? slide.notes : null,
    })),
    previousSlideTitle: deck.slides[chunk.start - 1]?.title ?? null,
    nextSlideTitle: deck.slides[chunk.end]?.title ?? null,
    wantOpening: chunk.index === 0,
    wantClosing: chunk.index === totalChunks - 1,
  };
}

/**
 * The block as it appears in the prompt. `<`, `>` and `&` are written as JSON unicode escapes, so
 * slide text containing `</chunk_request>` cannot end the block early; JSON.parse restores them.
 */
export function renderChunkRequest(request: ChunkRequest): string {
  const json = JSON.stringify(request, null, 2).replace(
    /[<>&]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${CHUNK_REQUEST_OPEN_TAG}\n${json}\n${CHUNK_REQUEST_CLOSE_TAG}`;
}

/** The chunk request inside a message, or `null` when there is none or it is malformed. */
export function extractChunkRequest(text: string): ChunkRequest | null {
  const start = text.indexOf(CHUNK_REQUEST_OPEN_TAG);
  if (start < 0) return null;
  const end = text.indexOf(CHUNK_REQUEST_CLOSE_TAG, start);
  if (end < 0) return null;
  try {
    const parsed = chunkRequestSchema.safeParse(JSON.parse(text.slice(start + CHUNK_REQUEST_OPEN_TAG.length, end)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
