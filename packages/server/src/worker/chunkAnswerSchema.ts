import { z } from 'zod';
import { cleanModelText } from './cleanModelText.ts';

/** Name of the structured-output schema; shows up in OpenAI's logs and errors. */
export const CHUNK_ANSWER_SCHEMA_NAME = 'talk_track_chunk';

/** Longest speaking time accepted for one slide (the talk track schema's bound). */
const MAX_SLIDE_SECONDS = 3600;

// Cleaned before any other check, so text made only of unstorable characters counts as empty.
const storable = z.string().transform(cleanModelText);
const text = storable.pipe(z.string().trim().min(1));

/**
 * The one description of a chunk's answer: `parseChunkAnswer` validates with it, and the JSON
 * schema the model is asked to follow is derived from it (`CHUNK_ANSWER_JSON_SCHEMA`).
 */
export const chunkAnswerSchema = z.strictObject({
  slides: z.array(
    z.strictObject({
      index: z.number().int().describe('The slide index given in the request.'),
      script: text.describe('What the speaker says while this slide is shown.'),
      keyPoints: z.array(text).describe('Two to four points the audience should remember.'),
      transition: storable.pipe(z.string().trim()).describe('One sentence leading into the next slide.'),
      // Asked for as an integer; models sometimes answer 42.5, and a rounded estimate is as good, so that is not worth a retry.
      durationSeconds: z
        .number()
        .positive()
        .max(MAX_SLIDE_SECONDS)
        .transform((seconds) => Math.max(1, Math.round(seconds)))
        .meta({ type: 'integer', description: 'Speaking time for this slide in seconds.' }),
    }),
  ),
  opening: text.nullable().describe('The talk opening when the request asks for it, else null.'),
  closing: text.nullable().describe('The talk closing when the request asks for it, else null.'),
});

// Ranges (duration bounds, slide indexes, non-empty text) are checked when parsing, not sent: the
// schema stays within what every OpenAI-compatible server's strict mode supports.
const CHECKED_WHEN_PARSING = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength'] as const;

/**
 * The JSON schema the model must answer with (OpenAI structured outputs, `strict: true`): the
 * input side of `chunkAnswerSchema`. Strict mode wants every property required and
 * `additionalProperties: false`, which strict zod objects produce; "absent" is `null`.
 */
export const CHUNK_ANSWER_JSON_SCHEMA: Record<string, unknown> = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(chunkAnswerSchema, {
    io: 'input',
    override: ({ jsonSchema }) => {
      for (const keyword of CHECKED_WHEN_PARSING) delete (jsonSchema as Record<string, unknown>)[keyword];
    },
  });
  return schema;
})();
