import { describe, expect, it } from 'vitest';
import { CHUNK_ANSWER_JSON_SCHEMA } from './chunkAnswerSchema.ts';

describe('CHUNK_ANSWER_JSON_SCHEMA', () => {
  it('is derived from the zod schema as the strict structured-output schema the model gets: every property required, nothing extra, no ranges', () => {
    const slide = {
      type: 'object',
      properties: {
        index: { type: 'integer', description: 'The slide index given in the request.' },
        script: { type: 'string', description: 'What the speaker says while this slide is shown.' },
        keyPoints: {
          type: 'array',
          items: { type: 'string' },
          description: 'Two to four points the audience should remember.',
        },
        transition: { type: 'string', description: 'One sentence leading into the next slide.' },
        durationSeconds: { type: 'integer', description: 'Speaking time for this slide in seconds.' },
      },
      required: ['index', 'script', 'keyPoints', 'transition', 'durationSeconds'],
      additionalProperties: false,
    };
    expect(CHUNK_ANSWER_JSON_SCHEMA).toEqual({
      type: 'object',
      properties: {
        slides: { type: 'array', items: slide },
        opening: { type: ['string', 'null'], description: 'The talk opening when the request asks for it, else null.' },
        closing: { type: ['string', 'null'], description: 'The talk closing when the request asks for it, else null.' },
      },
      required: ['slides', 'opening', 'closing'],
      additionalProperties: false,
    });
  });
});
