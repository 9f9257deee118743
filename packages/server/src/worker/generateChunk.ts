import OpenAI from 'openai';
import { WORKER_ERROR_CODES } from '@talk-track/core';
import type { ChunkOutput, ResponseFormatMode, TokenUsage } from '../jobStore.ts';
import type { ChunkRequest } from './chunkRequest.ts';
import { type SleepClock, systemSleepClock } from '../shared/sleepClock.ts';
import { classifyLlmError } from './classifyLlmError.ts';
import { type ModelProfileSettings, chunkCallParams } from './modelProfile.ts';
import { parseChunkAnswer } from './parseChunkAnswer.ts';
import { CHUNK_ANSWER_JSON_SCHEMA, CHUNK_ANSWER_SCHEMA_NAME } from './chunkAnswerSchema.ts';
import { buildChunkMessages } from './talkTrackPrompt.ts';
import { tokenLimitError } from './tokenLimitError.ts';
import { DEFAULT_WORKER_CONFIG } from './workerConfig.ts';
import { WorkerError } from './workerError.ts';

/** A chunk as the LLM wrote it, validated, with the tokens the API billed for it and how it was asked for. */
export interface GeneratedChunk {
  output: ChunkOutput;
  usage: TokenUsage;
  responseFormat: ResponseFormatMode;
}

/** How one call differs from a chunk's first. */
export interface ChunkCallOptions {
  /** Multiplies `max_completion_tokens`: 2 on the one retry after an answer was cut off at the ceiling. Default 1. */
  ceilingFactor?: number;
}

/** One attempt at one chunk: a single LLM call, validated. Throws a classified `WorkerError`. */
export type GenerateChunk = (
  request: ChunkRequest,
  signal: AbortSignal,
  call?: ChunkCallOptions,
) => Promise<GeneratedChunk>;

export interface ChunkGeneratorOptions extends Partial<Omit<ModelProfileSettings, 'model'>> {
  apiKey: string;
  /** An OpenAI-compatible server; the SDK's default (api.openai.com) when absent. */
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
  /** Reads retry-after dates. Default: the system clock. */
  clock?: Pick<SleepClock, 'now'>;
}

/**
 * Chunk calls to one endpoint and model. It remembers, for as long as it lives (the worker makes one
 * per process), whether the endpoint refused `response_format: json_schema`: after the first refusal
 * every call asks for `json_object` with the schema in the prompt. Calls already in flight when the
 * refusal arrives may each be refused once too, so a process asks at most its lanes' worth.
 */
export function createChunkGenerator(options: ChunkGeneratorOptions): GenerateChunk {
  // maxRetries 0: our retry policy owns retries, so attempts are counted and bounded in one place.
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: 0,
  });
  const clock = options.clock ?? systemSleepClock;
  const profile: ModelProfileSettings = {
    model: options.model,
    reasoningModel: options.reasoningModel,
    reasoningEffort: options.reasoningEffort ?? DEFAULT_WORKER_CONFIG.reasoningEffort,
    reasoningTokensPerSlide: options.reasoningTokensPerSlide,
    answerTokensPerSlide: options.answerTokensPerSlide ?? DEFAULT_WORKER_CONFIG.answerTokensPerSlide,
  };
  let responseFormat: ResponseFormatMode = 'json_schema';

  return async (request, signal, call = {}) => {
    const format = responseFormat;
    const ceilingFactor = call.ceilingFactor ?? 1;
    // Every call is bounded: a runaway answer (or a model that thinks without end) costs at most
    // what this chunk can need.
    const params = chunkCallParams(request, profile, ceilingFactor);
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create(
        {
          model: options.model,
          messages: buildChunkMessages(request, { schemaInPrompt: format === 'json_object' }),
          ...params,
          response_format: responseFormatParam(format),
        },
        { signal },
      );
    } catch (error) {
      if (format === 'json_schema' && refusesJsonSchema(error)) {
        responseFormat = 'json_object';
        throw jsonSchemaRefused(options.model, error);
      }
      throw classifyLlmError(error, clock.now(), options.model);
    }
    return chunkFromCompletion(completion, {
      request,
      profile,
      ceiling: params.max_completion_tokens,
      retried: ceilingFactor > 1,
      format,
    });
  };
}

function responseFormatParam(
  format: ResponseFormatMode,
): OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format'] {
  return format === 'json_schema'
    ? {
        type: 'json_schema',
        json_schema: { name: CHUNK_ANSWER_SCHEMA_NAME, strict: true, schema: CHUNK_ANSWER_JSON_SCHEMA },
      }
    : { type: 'json_object' };
}

/** Not the chunk's fault: the call is asked again at once as json_object, without spending an attempt. */
function jsonSchemaRefused(model: string, cause: unknown): WorkerError {
  return new WorkerError(
    WORKER_ERROR_CODES.llmRequestRejected,
    `The LLM endpoint refuses response_format json_schema for model "${model}"; asking for json_object with the schema in the prompt from now on.`,
    true,
    undefined,
    { cause, uncounted: true },
  );
}

interface CompletionContext {
  request: ChunkRequest;
  profile: ModelProfileSettings;
  ceiling: number;
  /** This call was already the retry of an answer cut off at the ceiling. */
  retried: boolean;
  format: ResponseFormatMode;
}

/** The validated chunk in `completion`, or a `WorkerError` that carries what the call billed. */
function chunkFromCompletion(
  completion: OpenAI.Chat.Completions.ChatCompletion,
  { request, profile, ceiling, retried, format }: CompletionContext,
): GeneratedChunk {
  const usage: TokenUsage = {
    tokensIn: completion.usage?.prompt_tokens ?? 0,
    tokensOut: completion.usage?.completion_tokens ?? 0,
    tokensReasoning: completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
  try {
    const choice = completion.choices[0];
    if (!choice) throw invalidOutput(request, 'the answer has no choices');
    if (choice.finish_reason === 'length') {
      throw tokenLimitError({ request, profile, ceiling, reasoningTokens: usage.tokensReasoning ?? 0, retried });
    }
    if (choice.message.refusal) throw invalidOutput(request, `the model refused: ${choice.message.refusal}`);
    return { output: parseChunkAnswer(choice.message.content, request), usage, responseFormat: format };
  } catch (error) {
    throw error instanceof WorkerError ? error.withBilled(usage) : error;
  }
}

/** A 400 that names `response_format` (in `param`, or in the message of a server that sets none). */
function refusesJsonSchema(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError) || error.status !== 400) return false;
  if (typeof error.param === 'string') return error.param.startsWith('response_format');
  return error.message.includes('response_format');
}

function invalidOutput(request: ChunkRequest, why: string): WorkerError {
  return new WorkerError(
    WORKER_ERROR_CODES.llmInvalidOutput,
    `The LLM answer for chunk ${request.chunkIndex} is invalid: ${why}`,
    true,
  );
}
