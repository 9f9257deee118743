import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { type LlmServer, type LlmServerOptions, startLlmServer } from '../../../../tooling/src/llm/startLlmServer.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { classifyLlmError } from './classifyLlmError.ts';
import { type ChunkGeneratorOptions, createChunkGenerator } from './generateChunk.ts';
import { CHUNK_ANSWER_JSON_SCHEMA } from './chunkAnswerSchema.ts';
import { chunkCallParams } from './modelProfile.ts';
import { buildChunkMessages } from './talkTrackPrompt.ts';
import { runChunkWithRetries } from './retry.ts';
import { WorkerError } from './workerError.ts';

// One chunk's call against endpoints that behave as OpenAI documents its reasoning models, and as
// OpenAI-compatible servers that refuse json_schema: the request each gets, and each way it fails.

const deck = sampleDeck(8);
const request = buildChunkRequest(deck, planChunks(deck.slides, 5)[0]!, 2);
const signal = () => new AbortController().signal;
let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: LlmServerOptions) {
  server = await startLlmServer(options);
  return server;
}

const generator = (s: LlmServer, overrides: Partial<ChunkGeneratorOptions> = {}) =>
  createChunkGenerator({ apiKey: 'k', baseURL: s.url, model: 'gpt-5-mini', timeoutMs: 5_000, ...overrides });

async function failure(promise: Promise<unknown>): Promise<WorkerError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerError);
  return error as WorkerError;
}

/** Time that moves only when the code sleeps. */
const clock = () => {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
};

const runOnce = (generate: ReturnType<typeof generator>) =>
  runChunkWithRetries({
    request,
    generate,
    policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 },
    clock: clock(),
    abortSignal: signal(),
    stopSignal: signal(),
    deadline: 60_000,
  });

describe('a chunk call to a reasoning model', () => {
  it('sends reasoning_effort and a ceiling with a reasoning allowance, never max_tokens or temperature, and records reasoning tokens', async () => {
    const s = await start({ mode: 'reasoning' });
    const { usage, responseFormat } = await generator(s)(request, signal());
    const [call] = s.stats.calls;
    expect(call).toMatchObject({ outcome: 'answered', reasoningEffort: 'low', responseFormat: 'json_schema' });
    expect(call!.maxCompletionTokens).toBe(
      chunkCallParams(request, {
        model: 'gpt-5-mini',
        reasoningModel: undefined,
        reasoningEffort: 'low',
        reasoningTokensPerSlide: undefined,
        answerTokensPerSlide: 700,
      }).max_completion_tokens,
    );
    expect(usage.tokensReasoning).toBe(call!.reasoningTokens);
    expect(usage.tokensReasoning).toBeGreaterThan(0);
    expect(usage.tokensOut).toBeGreaterThan(usage.tokensReasoning!);
    expect(responseFormat).toBe('json_schema');
  });

  it('gets an empty answer cut at "length" when the ceiling is spent thinking: retryable llm_token_limit, billed', async () => {
    const s = await start({ mode: 'reasoning' });
    const error = await failure(
      generator(s, { reasoningEffort: 'high', reasoningTokensPerSlide: 1 })(request, signal()),
    );
    expect(error).toMatchObject({ code: 'llm_token_limit', retryable: true });
    expect(error.billed).toMatchObject({ tokensReasoning: s.stats.calls[0]!.maxCompletionTokens });
    expect(error.message).toMatch(
      /model "gpt-5-mini" was cut off at max_completion_tokens \d+ \(\d+ of them reasoning\)\. Raise TALK_TRACK_REASONING_TOKENS_PER_SLIDE \(now 1\) or lower TALK_TRACK_REASONING_EFFORT \(now high\)/,
    );
  });

  it('says to set TALK_TRACK_REASONING_MODEL when a model not known as one spends reasoning', async () => {
    const s = await start({ mode: 'reasoning' });
    const error = await failure(generator(s, { model: 'my-reasoner' })(request, signal()));
    expect(error.message).toMatch(/set TALK_TRACK_REASONING_MODEL=true/);
  });
});

describe('retrying a cut-off answer', () => {
  it('asks once more with twice the ceiling, and keeps both calls in the ledger', async () => {
    // Medium effort with an allowance of 300 a slide: just short the first time, room enough at twice the ceiling.
    const tight = await start({ mode: 'reasoning' });
    const tightGenerate = generator(tight, { reasoningEffort: 'medium', reasoningTokensPerSlide: 300 });
    const retried = await runOnce(tightGenerate);
    const [first, second] = tight.stats.calls;
    expect([first!.outcome, second!.outcome]).toEqual(['token_limit', 'answered']);
    expect(second!.maxCompletionTokens).toBe(first!.maxCompletionTokens! * 2);
    expect(retried).toMatchObject({ kind: 'done', attempts: 2 });
    if (retried.kind !== 'done') throw new Error('not done');
    expect(retried.usage.tokensReasoning).toBe(first!.reasoningTokens + second!.reasoningTokens);
  });

  it('fails llm_token_limit after one larger retry, never looping', async () => {
    const s = await start({ mode: 'reasoning' });
    const result = await runOnce(generator(s, { reasoningEffort: 'high', reasoningTokensPerSlide: 1 }));
    expect(result).toMatchObject({ kind: 'failed', attempts: 2, error: { code: 'llm_token_limit', retryable: false } });
    expect(s.stats.calls.map((call) => call.outcome)).toEqual(['token_limit', 'token_limit']);
  });
});

describe('an endpoint that refuses json_schema', () => {
  it('is asked for json_object with the schema in the prompt, without spending an attempt, and never asked json_schema again', async () => {
    const s = await start({ mode: 'no-json-schema' });
    const generate = generator(s, { model: 'gpt-4o-mini' });
    const result = await runOnce(generate);
    expect(result).toMatchObject({ kind: 'done', attempts: 1, responseFormat: 'json_object' });
    await generate(request, signal());
    expect(s.stats.calls.map((call) => [call.responseFormat, call.outcome])).toEqual([
      ['json_schema', 'bad_request'],
      ['json_object', 'answered'],
      ['json_object', 'answered'],
    ]);
  });

  it('carries the schema in the prompt only in json_object mode, where no response_format does', () => {
    const schema = JSON.stringify(CHUNK_ANSWER_JSON_SCHEMA);
    expect(buildChunkMessages(request, { schemaInPrompt: true })[0].content).toContain(schema);
    expect(buildChunkMessages(request)[0].content).not.toContain(schema);
  });
});

describe('a request the provider rejects', () => {
  it("ends llm_request_rejected, for good, with the provider's message and the parameter it named", async () => {
    const s = await start({ mode: 'reasoning' });
    const error = await failure(generator(s, { model: 'o4-mini', reasoningEffort: 'minimal' })(request, signal()));
    expect(error).toMatchObject({ code: 'llm_request_rejected', retryable: false });
    expect(error.message).toContain("'reasoning_effort' does not support 'minimal' with this model");
    expect(error.message).toContain('parameter reasoning_effort, code unsupported_value');
    expect(error.message).toContain('model "o4-mini"');
  });

  it('names OPENAI_MODEL on a 404 for an unknown model', () => {
    const body = {
      error: {
        message: 'The model `gpt-9` does not exist',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    };
    const notFound = OpenAI.APIError.generate(404, body, undefined, new Headers());
    const error = classifyLlmError(notFound, 0, 'gpt-9');
    expect(error).toMatchObject({ code: 'llm_request_rejected', retryable: false });
    expect(error.message).toMatch(/does not know model "gpt-9".*code model_not_found.*Check OPENAI_MODEL/);
  });
});
