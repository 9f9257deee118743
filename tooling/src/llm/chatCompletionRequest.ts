import { z } from 'zod';

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

/** The part of OpenAI's chat completion request this server reads; anything else is accepted and ignored, as OpenAI ignores unknown fields it tolerates. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z
    .string({ message: 'you must provide a model parameter' })
    .min(1, { message: 'you must provide a model parameter' }),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
        content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
      }),
      { message: "Missing required parameter: 'messages'." },
    )
    .min(1, { message: "Invalid 'messages': empty array. Expected an array with minimum length 1." }),
  response_format: z
    .looseObject({
      type: z.enum(['text', 'json_object', 'json_schema']),
      json_schema: z
        .looseObject({
          name: z.string(),
          strict: z.boolean().nullable().optional(),
          schema: z.record(z.string(), z.unknown()).optional(),
        })
        .optional(),
    })
    .optional(),
  stream: z.boolean().nullable().optional(),
  max_completion_tokens: z.number().int().min(1).nullable().optional(),
  /** The older name; OpenAI still accepts it on chat models, and refuses it on reasoning models. */
  max_tokens: z.number().int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  reasoning_effort: z.string().nullable().optional(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** The text of a message, whether sent as a string or as content parts. */
export function messageText(content: ChatCompletionRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('\n');
  return '';
}
