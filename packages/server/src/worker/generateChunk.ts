import OpenAI from 'openai';
import { WORKER_ERROR_CODES } from '@talk-track/core';
import type { ChunkOutput, TokenUsage } from '../jobStore.ts';
import type { ChunkRequest } from './chunkRequest.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { classifyLlmError } from './classifyLlmError.ts';
import { completionTokenLimit } from './completionTokenLimit.ts';
import { parseChunkAnswer } from './parseChunkAnswer.ts';
import { CHUNK_ANSWER_JSON_SCHEMA, CHUNK_ANSWER_SCHEMA_NAME } from './chunkAnswerSchema.ts';
import { buildChunkMessages } from './talkTrackPrompt.ts';
import { WorkerError } from './workerError.ts';

/** A chunk as the LLM wrote it, validated, with the tokens the API billed for it. */
export interface GeneratedChunk {
  output: ChunkOutput;
  usage: TokenUsage;
}

/** One attempt at one chunk: a single LLM call, validated. Throws a classified `WorkerError`. */
export type GenerateChunk = (request: ChunkRequest, signal: AbortSignal) => Promise<GeneratedChunk>;

export interface ChunkGeneratorOptions {
  apiKey: string;
  /** An OpenAI-compatible server; the SDK's default (api.openai.com) when absent. */
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
  /** Reads retry-after dates. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
}

export function createChunkGenerator(options: ChunkGeneratorOptions): GenerateChunk {
  // maxRetries 0: our retry policy owns retries, so attempts are counted and bounded in one place.
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: 0 });
  const clock = options.clock ?? systemClock;

  return async (request, signal) => {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create(
        {
          model: options.model,
          messages: buildChunkMessages(request),
          // Every call is bounded: a runaway answer costs at most what this chunk can need.
          max_completion_tokens: completionTokenLimit(request),
          response_format: {
            type: 'json_schema',
            json_schema: { name: CHUNK_ANSWER_SCHEMA_NAME, strict: true, schema: CHUNK_ANSWER_JSON_SCHEMA },
          },
        },
        { signal },
      );
    } catch (error) {
      throw classifyLlmError(error, clock.now());
    }
    const choice = completion.choices[0];
    if (!choice) throw invalidOutput(request, 'the answer has no choices');
    if (choice.finish_reason === 'length') throw invalidOutput(request, 'the answer was cut off at the token limit');
    if (choice.message.refusal) throw invalidOutput(request, `the model refused: ${choice.message.refusal}`);
    const usage = { tokensIn: completion.usage?.prompt_tokens ?? 0, tokensOut: completion.usage?.completion_tokens ?? 0 };
    return { output: parseChunkAnswer(choice.message.content, request), usage };
  };
}

function invalidOutput(request: ChunkRequest, why: string): WorkerError {
  return new WorkerError(WORKER_ERROR_CODES.llmInvalidOutput, `The LLM answer for chunk ${request.chunkIndex} is invalid: ${why}`, true);
}
