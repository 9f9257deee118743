import type { ChunkRequest } from './chunkRequest.ts';

// Sized from what the prompt asks for (talkTrackPrompt.ts): a script of about 130–200 words, three
// to five key points and a transition per slide is about 350 tokens of JSON; twice that leaves
// room for a verbose model without letting a runaway answer bill thousands of tokens.
/** Completion tokens allowed per slide of the chunk, unless the host sets `TALK_TRACK_TOKENS_PER_SLIDE`. */
export const TOKENS_PER_SLIDE = 700;
/** For the talk's opening or closing, when the chunk writes one. */
export const TOKENS_PER_OPENING_OR_CLOSING = 400;
/** The JSON frame of the answer. */
export const TOKENS_BASE = 200;
/** A script may restate its slide's own text (long notes make long scripts): about four characters a token. */
export const CHARS_PER_TOKEN = 4;

/**
 * The answer's share of `max_completion_tokens` for one chunk's call: what its slides (and
 * opening/closing) can need, no more. A reasoning model's ceiling adds its reasoning allowance
 * (modelProfile.ts).
 */
export function completionTokenLimit(request: ChunkRequest, tokensPerSlide: number = TOKENS_PER_SLIDE): number {
  const extras = (request.wantOpening ? 1 : 0) + (request.wantClosing ? 1 : 0);
  const slideText = request.slides.reduce(
    (sum, slide) => sum + slide.title.length + (slide.notes?.length ?? 0) + slide.bullets.join('').length,
    0,
  );
  return (
    TOKENS_BASE +
    request.slides.length * tokensPerSlide +
    extras * TOKENS_PER_OPENING_OR_CLOSING +
    Math.ceil(slideText / CHARS_PER_TOKEN)
  );
}
