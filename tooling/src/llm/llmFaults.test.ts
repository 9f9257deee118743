import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { planChunks, buildChunkRequest, buildChunkMessages } from '@talk-track/testing/internals';
import { pickFault } from './llmFaults.ts';
import { sampleDeck } from './sampleDeck.ts';
import { seededRandom } from './seededRandom.ts';
import { type LlmServer, startLlmServer } from './startLlmServer.ts';

const deck = sampleDeck(5);
const request = {
  model: 'gpt-4o-mini',
  messages: buildChunkMessages(buildChunkRequest(deck, planChunks(deck.slides, 5)[0]!, 1)),
  response_format: { type: 'json_object' as const },
};

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fault injection', () => {
  it('answers 429 with retry-after, which the SDK honours before its retry succeeds', async () => {
    // 0.9 s is longer than the SDK's own first backoff (at most 0.5 s), so the wait proves the header was read.
    server = await startLlmServer({ faults: { sequence: ['rate_limit'], retryAfterSeconds: 0.9 } });
    const noRetry = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    const error = (await noRetry.chat.completions.create(request).catch((e: unknown) => e)) as InstanceType<
      typeof OpenAI.RateLimitError
    >;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers.get('retry-after')).toBe('1');
    expect(error.headers.get('retry-after-ms')).toBe('900');

    server.setFaults({ sequence: ['rate_limit'], retryAfterSeconds: 0.9 });
    const withRetry = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 1 });
    const started = performance.now();
    const completion = await withRetry.chat.completions.create(request);
    expect(performance.now() - started).toBeGreaterThanOrEqual(880);
    expect(JSON.parse(completion.choices[0]!.message.content!).slides).toHaveLength(5);
    expect(server.stats.count('rate_limit')).toBe(2);
    expect(server.stats.count('answered')).toBe(1);
  });

  it('answers 500 as a server_error', async () => {
    server = await startLlmServer({ faults: { failAll: 'server_error' } });
    const error = await new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 }).chat.completions
      .create(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(500);
  });

  it('hangs until the SDK times out, and counts the call as no longer in flight once the client gives up', async () => {
    server = await startLlmServer({ faults: { failAll: 'hang' } });
    const error = await new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0, timeout: 200 }).chat.completions
      .create(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await server.stats.whenIdle();
    expect(server.stats.inFlight).toBe(0);
    expect(server.stats.count('hang')).toBe(1);
  });

  it('drops hanging calls on close', async () => {
    server = await startLlmServer({ faults: { failAll: 'hang' } });
    const call = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0, timeout: 30_000 }).chat.completions
      .create(request)
      .catch((e: unknown) => e);
    while (server.stats.inFlight === 0) await new Promise((resolve) => setImmediate(resolve));
    await server.close();
    server = undefined;
    expect(await call).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('answers invalid output as a 200 that misses a slide', async () => {
    server = await startLlmServer({ faults: { failAll: 'invalid_output' } });
    const completion = await new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 }).chat.completions.create(
      request,
    );
    expect(JSON.parse(completion.choices[0]!.message.content!).slides).toHaveLength(4);
  });

  it('draws faults at the configured rates, the same way for the same seed', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 2000 }, (_, i) => pickFault({ rateLimitRate: 0.2, serverErrorRate: 0.1 }, i, random));
    };
    const faults = draw(7);
    expect(draw(7)).toEqual(faults);
    const share = (kind: string) => faults.filter((fault) => fault === kind).length / faults.length;
    expect(share('rate_limit')).toBeCloseTo(0.2, 1);
    expect(share('server_error')).toBeCloseTo(0.1, 1);
    expect(share('hang')).toBe(0);
  });
});
