import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { type LlmServer, startLlmServer } from '../../../../tooling/src/llm/startLlmServer.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { createChunkGenerator } from './generateChunk.ts';
import { WorkerError } from './workerError.ts';

const deck = sampleDeck(8);
const request = buildChunkRequest(deck, planChunks(deck.slides, 5)[0]!, 2);
let server: LlmServer;

beforeAll(async () => {
  server = await startLlmServer({ apiKey: 'sk-local' });
});
afterAll(() => server.close());

const generator = (overrides: Partial<Parameters<typeof createChunkGenerator>[0]> = {}) =>
  createChunkGenerator({
    apiKey: 'sk-local',
    baseURL: server.url,
    model: 'gpt-4o-mini',
    timeoutMs: 5_000,
    ...overrides,
  });

async function failure(promise: Promise<unknown>): Promise<WorkerError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerError);
  return error as WorkerError;
}

describe('one chunk through the openai SDK', () => {
  it('returns the validated slides with the deck titles, and the opening for the first chunk', async () => {
    server.setFaults({});
    const { output, usage } = await generator()(request, new AbortController().signal);
    expect(usage.tokensIn).toBeGreaterThan(0);
    expect(usage.tokensOut).toBeGreaterThan(0);
    expect(output.slides.map((slide) => slide.index)).toEqual([0, 1, 2, 3, 4]);
    expect(output.slides.map((slide) => slide.title)).toEqual(deck.slides.slice(0, 5).map((slide) => slide.title));
    expect(output.opening).toContain(deck.title);
    expect(output.closing).toBeNull();
  });

  it('(b) bounds every call with max_completion_tokens sized from the chunk: more slides, a higher cap', async () => {
    server.setFaults({});
    const calls = server.stats.calls.length;
    const plan = planChunks(deck.slides, 5);
    await generator()(request, new AbortController().signal);
    await generator()(buildChunkRequest(deck, plan[1]!, 2), new AbortController().signal);
    const [five, three] = server.stats.calls.slice(calls).map((call) => call.maxCompletionTokens);
    const text = (from: number, to: number) =>
      deck.slides
        .slice(from, to)
        .reduce((sum, s) => sum + s.title.length + (s.notes?.length ?? 0) + (s.bullets ?? []).join('').length, 0);
    // 5 slides + opening; 3 slides + closing; plus the slides' own text at four characters a token.
    expect(five).toBe(200 + 5 * 700 + 400 + Math.ceil(text(0, 5) / 4));
    expect(three).toBe(200 + 3 * 700 + 400 + Math.ceil(text(5, 8) / 4));
  });

  it('cleans NUL and lone surrogates out of the model text before anything stores it', async () => {
    server.setFaults({ failAll: 'unsafe_text' });
    const { output } = await generator()(request, new AbortController().signal);
    expect(output.slides[0]!.script).not.toContain('\u0000');
    expect(/\p{Cs}/u.test(output.slides[0]!.script)).toBe(false); // no lone surrogate
    expect(output.slides[0]!.script).toContain('\uFFFD');
  });

  it('classifies a 429 as retryable llm_rate_limited and keeps its retry-after', async () => {
    server.setFaults({ failAll: 'rate_limit', retryAfterSeconds: 1.5 });
    const error = await failure(generator()(request, new AbortController().signal));
    expect(error).toMatchObject({ code: 'llm_rate_limited', retryable: true, retryAfterMs: 1500 });
  });

  it('classifies a 500 as retryable llm_unavailable', async () => {
    server.setFaults({ failAll: 'server_error' });
    expect(await failure(generator()(request, new AbortController().signal))).toMatchObject({
      code: 'llm_unavailable',
      retryable: true,
    });
  });

  it('classifies a hang past the timeout as retryable llm_timeout', async () => {
    server.setFaults({ failAll: 'hang' });
    expect(await failure(generator({ timeoutMs: 150 })(request, new AbortController().signal))).toMatchObject({
      code: 'llm_timeout',
      retryable: true,
    });
  });

  it('classifies an answer that misses a slide as retryable llm_invalid_output', async () => {
    server.setFaults({ failAll: 'invalid_output' });
    expect(await failure(generator()(request, new AbortController().signal))).toMatchObject({
      code: 'llm_invalid_output',
      retryable: true,
    });
  });

  it('classifies a refused key as final llm_auth', async () => {
    server.setFaults({});
    expect(await failure(generator({ apiKey: 'sk-wrong' })(request, new AbortController().signal))).toMatchObject({
      code: 'llm_auth',
      retryable: false,
    });
  });

  it('classifies an unreachable server as retryable llm_unavailable', async () => {
    const gone = await startLlmServer();
    const url = gone.url;
    await gone.close();
    expect(await failure(generator({ baseURL: url })(request, new AbortController().signal))).toMatchObject({
      code: 'llm_unavailable',
      retryable: true,
    });
  });

  it('stops at once when aborted', async () => {
    server.setFaults({ failAll: 'hang' });
    const abort = new AbortController();
    const call = generator()(request, abort.signal);
    abort.abort();
    expect(await failure(call)).toMatchObject({ retryable: false });
    await server.stats.whenIdle();
  });
});
