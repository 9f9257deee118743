import type { ChunkRequest } from './chunkRequest.ts';
import { completionTokenLimit } from './completionTokenLimit.ts';

/**
 * The `reasoning_effort` values this kit sends. `low`, `medium` and `high` are accepted by every
 * reasoning model OpenAI documents. `minimal` exists on gpt-5, gpt-5-mini and gpt-5-nano only;
 * `none` (no reasoning at all) on gpt-5.1 and later and the gpt-6 family, not on the o-series or
 * gpt-5 itself. A value the model lacks is a 400 naming `reasoning_effort` (`llm_request_rejected`).
 */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/**
 * Reasoning tokens allowed per slide of a chunk, by effort, when the host sets none. Reasoning is
 * billed against `max_completion_tokens`, so the ceiling is the answer's budget plus this. Sized
 * from what is reported: gpt-5 at its default (medium) effort spent 1,408 reasoning tokens on a
 * 120-token answer, and gpt-5-mini at medium spent about 3,000 on a 5-slide chunk before its
 * answer-only ceiling ran out. A ceiling is a bound, not a charge: only what is used is billed.
 */
export const REASONING_TOKENS_PER_SLIDE: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 128,
  low: 512,
  medium: 1_536,
  high: 4_096,
};
/** The allowance counts this many slides more than the chunk holds: reading the prompt and planning cost the same for one slide or five. */
export const REASONING_EXTRA_SLIDES = 4;

/** What decides a chunk call's shape; `WorkerConfig` carries each. */
export interface ModelProfileSettings {
  model: string;
  /** Forces the model to be treated as a reasoning model (`true`) or not (`false`); `undefined`: decided by its name. */
  reasoningModel: boolean | undefined;
  reasoningEffort: ReasoningEffort;
  /** Overrides `REASONING_TOKENS_PER_SLIDE[reasoningEffort]`. */
  reasoningTokensPerSlide: number | undefined;
  /** The answer's completion tokens per slide (see `completionTokenLimit`). */
  answerTokensPerSlide: number;
}

/** The parameters of one chunk call that depend on the model. Nothing else (no `max_tokens`, no `temperature`) is sent to any model. */
export interface ChunkCallParams {
  max_completion_tokens: number;
  /** Sent to reasoning models only: other models refuse it. */
  reasoning_effort?: ReasoningEffort;
}

/** The first GPT generation whose every model reasons (gpt-5, gpt-5.x, gpt-6-luna, gpt-6-sol …). */
const FIRST_REASONING_GPT = 5;

/**
 * Whether OpenAI documents `model` as a reasoning model: every GPT from gpt-5 on (gpt-5-mini,
 * gpt-5.4-mini, gpt-6-luna, dated versions too) and the o-series (o1, o3, o4-mini …). Chat-tuned
 * `gpt-5-chat-*` / `gpt-5.1-chat-latest` models are not reasoning models.
 */
export function isReasoningModelName(model: string): boolean {
  const name = model.trim().toLowerCase();
  if (/^o\d/.test(name)) return true;
  const gpt = /^gpt-(\d+)/.exec(name);
  if (!gpt || Number(gpt[1]) < FIRST_REASONING_GPT) return false;
  return !/^gpt-[^/]*-chat/.test(name);
}

export function isReasoningModel(settings: Pick<ModelProfileSettings, 'model' | 'reasoningModel'>): boolean {
  return settings.reasoningModel ?? isReasoningModelName(settings.model);
}

/** The reasoning allowance per slide in force: the host's setting, else the effort's default. */
export function reasoningTokensPerSlide(
  settings: Pick<ModelProfileSettings, 'reasoningTokensPerSlide' | 'reasoningEffort'>,
): number {
  return settings.reasoningTokensPerSlide ?? REASONING_TOKENS_PER_SLIDE[settings.reasoningEffort];
}

/** The reasoning tokens a chunk may spend before its answer, for a reasoning model. */
export function reasoningAllowance(request: ChunkRequest, settings: ModelProfileSettings): number {
  return reasoningTokensPerSlide(settings) * (request.slides.length + REASONING_EXTRA_SLIDES);
}

/**
 * The model-dependent parameters of one chunk's call. `ceilingFactor` multiplies the ceiling: 2 on
 * the one retry after an answer was cut off at `finish_reason: "length"`.
 */
export function chunkCallParams(
  request: ChunkRequest,
  settings: ModelProfileSettings,
  ceilingFactor = 1,
): ChunkCallParams {
  const answer = completionTokenLimit(request, settings.answerTokensPerSlide);
  if (!isReasoningModel(settings)) return { max_completion_tokens: answer * ceilingFactor };
  return {
    max_completion_tokens: (answer + reasoningAllowance(request, settings)) * ceilingFactor,
    reasoning_effort: settings.reasoningEffort,
  };
}
