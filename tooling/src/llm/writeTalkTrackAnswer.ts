import type { ChunkRequest } from '@talk-track/testing/internals/local-stack';

/** Speaking pace used for the duration estimate: 150 words a minute is a calm presenter. */
const WORDS_PER_SECOND = 2.5;
/** Pauses, gestures and the slide change itself. */
const SLIDE_OVERHEAD_SECONDS = 5;

const LEADS = ['Let’s turn to', 'Now we come to', 'Here we look at', 'This slide is about', 'Next up is'];
const ORDINALS = ['First', 'Then', 'On top of that', 'Also', 'Finally'];
const WRAPS = [
  'Keep that in mind as we go on.',
  'That is the heart of this part of the talk.',
  'This sets up what follows.',
  'Take a moment with that before we move on.',
];

export interface ChunkAnswer {
  slides: { index: number; script: string; keyPoints: string[]; transition: string; durationSeconds: number }[];
  opening: string | null;
  closing: string | null;
}

/**
 * A plausible talk track for the chunk: every script speaks to its slide's title and bullets,
 * each transition names the next slide, durations follow the word count. Phrasing varies with
 * `random`, so answers look written rather than stamped, and replay exactly for a seed.
 */
export function writeTalkTrackAnswer(request: ChunkRequest, random: () => number): ChunkAnswer {
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
  const slides = request.slides.map((slide, i) => {
    const sentences = [`${pick(LEADS)} “${slide.title}”.`];
    slide.bullets.slice(0, ORDINALS.length).forEach((bullet, b) => {
      const isLast = b === Math.min(slide.bullets.length, ORDINALS.length) - 1 && b > 0;
      sentences.push(`${isLast ? 'Finally' : ORDINALS[b]}, ${lowerFirst(bullet.trim().replace(/[.!?]+$/, ''))}.`);
    });
    if (slide.notes) sentences.push(slide.notes.trim());
    sentences.push(pick(WRAPS));
    const script = sentences.join(' ');

    const nextTitle = request.slides[i + 1]?.title ?? request.nextSlideTitle;
    const transition = nextTitle ? `That leads us to “${nextTitle}”.` : 'And that brings us to the close.';
    const words = `${script} ${transition}`.split(/\s+/).length;
    return {
      index: slide.index,
      script,
      keyPoints: slide.bullets.length > 0 ? slide.bullets.slice(0, 4).map((bullet) => bullet.trim()) : [slide.title],
      transition,
      durationSeconds: Math.round(words / WORDS_PER_SECOND + SLIDE_OVERHEAD_SECONDS),
    };
  });
  const audience = request.audience ? ` ${request.audience},` : '';
  return {
    slides,
    opening: request.wantOpening
      ? `Hello${audience} and thank you for being here. Today’s talk is “${request.deckTitle}”: ${request.slideCount} slides, and I’ll keep it practical.`
      : null,
    closing: request.wantClosing
      ? `That was “${request.deckTitle}”. If you remember one thing, make it the point we just finished on. Thank you — I’m happy to take questions.`
      : null,
  };
}

function lowerFirst(text: string): string {
  // Keep acronyms and names ("API", "Berlin") as they are; lower-case only an ordinary first word.
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
