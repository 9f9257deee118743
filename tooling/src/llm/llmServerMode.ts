import type { ChunkRequest } from '@talk-track/testing/internals/local-stack';
import type { ChatCompletionRequest } from './chatCompletionRequest.ts';

/**
 * How the local server behaves, beyond faults:
 * - `standard`: a chat model such as gpt-4o-mini; accepts `json_schema`, no reasoning.
 * - `reasoning`: every model acts as OpenAI documents its reasoning models (gpt-5 on, o-series):
 *   `max_tokens` and a `temperature` other than 1 are refused with a 400 naming the parameter,
 *   hidden reasoning (by `reasoning_effort`, default medium) is billed against
 *   `max_completion_tokens`, and a ceiling spent on reasoning answers 200 with empty content and
 *   `finish_reason: "length"`; `usage.completion_tokens_details.reasoning_tokens` says how much.
 * - `no-json-schema`: an OpenAI-compatible endpoint that refuses `response_format: json_schema`
 *   (400 naming `response_format`) and accepts `json_object`.
 */
export const LLM_SERVER_MODES = ['standard', 'reasoning', 'no-json-schema'] as const;
export type LlmServerMode = (typeof LLM_SERVER_MODES)[number];

/** A 400 `invalid_request_error` naming the parameter it refuses, as OpenAI sends it. */
export interface ParameterRefusal {
  param: string;
  code: string | null;
  message: string;
}

/**
 * Reasoning tokens a call spends by effort: a part for the call and a part per slide. Of the order
 * reported for gpt-5 (1,408 reasoning tokens for a 120-token answer at medium) and gpt-5-mini (about
 * 3,000 on a 5-slide chunk at medium, spending an answer-only ceiling).
 */
export const REASONING_COST: Record<string, { perCall: number; perSlide: number }> = {
  none: { perCall: 0, perSlide: 0 },
  minimal: { perCall: 0, perSlide: 40 },
  low: { perCall: 256, perSlide: 400 },
  medium: { perCall: 1_024, perSlide: 1_600 },
  high: { perCall: 2_048, perSlide: 4_000 },
};
/** What a reasoning model uses when the request names no effort (OpenAI's default). */
const DEFAULT_EFFORT = 'medium';
/** The reasoning cost varies by ± this fraction between chunks, fixed per seed and chunk. */
const REASONING_SPREAD = 0.2;

/**
 * The efforts each family documents: `minimal` is gpt-5's, -mini's and -nano's alone (and their
 * dated versions); gpt-5.1 and later add `none`; the gpt-6 family runs from `none` to `max`; the
 * o-series accept low, medium and high.
 */
function effortsFor(model: string): readonly string[] {
  if (/^gpt-5(-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$/.test(model)) return ['minimal', 'low', 'medium', 'high'];
  if (/^gpt-5\./.test(model)) return ['none', 'low', 'medium', 'high'];
  if (/^gpt-6/.test(model)) return ['none', 'low', 'medium', 'high', 'xhigh', 'max'];
  return ['low', 'medium', 'high'];
}

/** The 400 this mode answers `body` with, or `null` when the request is acceptable. */
export function refusalFor(mode: LlmServerMode, body: ChatCompletionRequest): ParameterRefusal | null {
  if (mode === 'no-json-schema' && body.response_format?.type === 'json_schema') {
    return {
      param: 'response_format',
      code: null,
      message:
        "Invalid parameter: 'response_format' of type 'json_schema' is not supported by this model. Use 'json_object' instead.",
    };
  }
  if (mode !== 'reasoning') return null;
  if (body.max_tokens !== undefined && body.max_tokens !== null) {
    return {
      param: 'max_tokens',
      code: 'unsupported_parameter',
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    };
  }
  if (body.temperature !== undefined && body.temperature !== null && body.temperature !== 1) {
    return {
      param: 'temperature',
      code: 'unsupported_value',
      message: `Unsupported value: 'temperature' does not support ${body.temperature} with this model. Only the default (1) value is supported.`,
    };
  }
  const efforts = effortsFor(body.model);
  if (
    body.reasoning_effort !== undefined &&
    body.reasoning_effort !== null &&
    !efforts.includes(body.reasoning_effort)
  ) {
    return {
      param: 'reasoning_effort',
      code: 'unsupported_value',
      message: `Unsupported value: 'reasoning_effort' does not support '${body.reasoning_effort}' with this model. Supported values are: ${efforts.map((e) => `'${e}'`).join(', ')}.`,
    };
  }
  return null;
}

/** Reasoning tokens this call spends before it writes: 0 outside the reasoning mode; the same for a seed and chunk, whatever order calls arrive in. */
export function reasoningTokens(
  mode: LlmServerMode,
  body: ChatCompletionRequest,
  chunk: ChunkRequest,
  seed: number,
): number {
  if (mode !== 'reasoning') return 0;
  const cost = REASONING_COST[body.reasoning_effort ?? DEFAULT_EFFORT] ?? REASONING_COST[DEFAULT_EFFORT]!;
  const spread =
    1 - REASONING_SPREAD + 2 * REASONING_SPREAD * unitHash(`${seed}:${chunk.deckTitle}:${chunk.chunkIndex}`);
  return Math.round((cost.perCall + cost.perSlide * chunk.slides.length) * spread);
}

/** A number in [0, 1) from a string (FNV-1a). */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
