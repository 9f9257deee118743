import { z } from 'zod';

/**
 * Bounds on each field of a deck: generous, because hosts' decks hold their users' own text (a
 * 2,000-character bullet, 10,000 characters of notes). What bounds a job's prompts and cost is the
 * character budget per request and per deck (`PromptLimits`, checked by the route handler).
 */
export const DECK_LIMITS = {
  minSlides: 1,
  maxSlides: 200,
  maxIdLength: 200,
  maxTitleLength: 300,
  maxBullets: 20,
  maxBulletLength: 2000,
  maxNotesLength: 10_000,
  maxAudienceLength: 300,
  maxIdempotencyKeyLength: 200,
} as const;

// Control characters other than tab and newline are never meaningful in slide text and break
// prompts and terminals; odd but printable Unicode is kept as is.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// Half of a UTF-16 pair on its own: JSON can carry it ("\ud800"), UTF-8 and Postgres cannot.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const text = (max: number) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((value) => !CONTROL_CHARS.test(value), { message: 'must not contain control characters' })
    .refine((value) => !LONE_SURROGATE.test(value), {
      message: 'must be valid Unicode (it holds half of a surrogate pair)',
    });

const requiredText = (max: number) =>
  text(max).refine((value) => value.trim().length > 0, { message: 'must not be empty' });

export const slideSchema = z.strictObject({
  title: requiredText(DECK_LIMITS.maxTitleLength),
  bullets: z.array(text(DECK_LIMITS.maxBulletLength)).max(DECK_LIMITS.maxBullets).default([]),
  notes: text(DECK_LIMITS.maxNotesLength).optional(),
});

export const deckSchema = z.strictObject({
  /** The host's key for "this deck": one active job per user and deck id. */
  id: requiredText(DECK_LIMITS.maxIdLength),
  title: requiredText(DECK_LIMITS.maxTitleLength),
  audience: text(DECK_LIMITS.maxAudienceLength).optional(),
  slides: z
    .array(slideSchema)
    .min(DECK_LIMITS.minSlides, { message: `must have at least ${DECK_LIMITS.minSlides} slide` })
    .max(DECK_LIMITS.maxSlides, { message: `must have at most ${DECK_LIMITS.maxSlides} slides` }),
});

/** Body of `POST /api/generate/talk-track`. */
export const createJobRequestSchema = z.strictObject({
  deck: deckSchema,
  /** Repeating a start with the same key returns the same job instead of a second one. */
  idempotencyKey: requiredText(DECK_LIMITS.maxIdempotencyKeyLength).optional(),
});

export type Slide = z.infer<typeof slideSchema>;
export type Deck = z.infer<typeof deckSchema>;
export type DeckInput = z.input<typeof deckSchema>;
export type CreateJobRequest = z.infer<typeof createJobRequestSchema>;
export type CreateJobRequestInput = z.input<typeof createJobRequestSchema>;
