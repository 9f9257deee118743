import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  planChunks,
  buildChunkRequest,
  CHUNK_ANSWER_JSON_SCHEMA,
  CHUNK_ANSWER_SCHEMA_NAME,
  buildChunkMessages,
} from '@talk-track/testing/internals';
import { sampleDeck } from './sampleDeck.ts';
import { type LlmServer, type LlmServerOptions, startLlmServer } from './startLlmServer.ts';

const deck = sampleDeck(12);
const chunks = planChunks(deck.slides, 5);

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: LlmServerOptions = {}) {
  server = await startLlmServer(options);
  return server;
}

function client(s: LlmServer, options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) {
  return new OpenAI({ apiKey: 'test-key', baseURL: s.url, maxRetries: 0, ...options });
}

function askFor(chunkIndex: number) {
  return {
    model: 'gpt-4o-mini',
    messages: buildChunkMessages(buildChunkRequest(deck, chunks[chunkIndex]!, chunks.length)),
    response_format: {
      type: 'json_schema' as const,
      json_schema: { name: CHUNK_ANSWER_SCHEMA_NAME, strict: true, schema: CHUNK_ANSWER_JSON_SCHEMA },
    },
  };
}

describe('local OpenAI-compatible server', () => {
  it('answers a chunk prompt the way OpenAI does, with a talk track for exactly those slides', async () => {
    const s = await start();
    const completion = await client(s).chat.completions.create(askFor(1));

    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    const answer = JSON.parse(completion.choices[0]!.message.content!);
    expect(answer.slides.map((slide: { index: number }) => slide.index)).toEqual([5, 6, 7, 8, 9]);
    expect(answer.opening).toBeNull();
    expect(answer.closing).toBeNull();
    const first = answer.slides[0];
    expect(first.script).toContain(deck.slides[5]!.title);
    expect(first.script).toContain('point 1 of slide 6');
    expect(first.transition).toContain(deck.slides[6]!.title);
    // The chunk's last slide leads into the first slide of the next chunk.
    expect(answer.slides[4].transition).toContain(deck.slides[10]!.title);
    expect(Number.isInteger(first.durationSeconds) && first.durationSeconds > 0).toBe(true);
    expect(Object.keys(first).sort()).toEqual(['durationSeconds', 'index', 'keyPoints', 'script', 'transition']);
  });

  it('writes the opening on the first chunk and the closing on the last', async () => {
    const s = await start();
    const openai = client(s);
    const firstAnswer = JSON.parse((await openai.chat.completions.create(askFor(0))).choices[0]!.message.content!);
    const lastAnswer = JSON.parse((await openai.chat.completions.create(askFor(2))).choices[0]!.message.content!);
    expect(firstAnswer.opening).toContain(deck.title);
    expect(firstAnswer.closing).toBeNull();
    expect(lastAnswer.closing).toContain(deck.title);
    expect(lastAnswer.slides.at(-1).transition).toMatch(/close/);
  });

  it('replays the same answers for the same seed', async () => {
    const answers: string[] = [];
    for (let run = 0; run < 2; run++) {
      const s = await start({ seed: 42 });
      answers.push((await client(s).chat.completions.create(askFor(1))).choices[0]!.message.content!);
      await s.close();
      server = undefined;
    }
    expect(answers[0]).toBe(answers[1]);
  });

  it('lists models', async () => {
    const s = await start();
    const models = [];
    for await (const model of client(s).models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
  });

  it('refuses a wrong key with 401 invalid_api_key when a key is configured', async () => {
    const s = await start({ apiKey: 'right' });
    const error = await client(s, { apiKey: 'wrong' })
      .chat.completions.create(askFor(0))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
  });

  it('answers 400 invalid_request_error to a prompt without a chunk block or without messages', async () => {
    const s = await start();
    const openai = client(s);
    const noBlock = await openai.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(noBlock).toBeInstanceOf(OpenAI.BadRequestError);
    expect((noBlock as InstanceType<typeof OpenAI.BadRequestError>).type).toBe('invalid_request_error');
    const noMessages = await openai.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [] })
      .catch((e: unknown) => e);
    expect(noMessages).toBeInstanceOf(OpenAI.BadRequestError);
    expect(s.stats.count('bad_request')).toBe(2);
  });

  it('counts calls per chunk and the calls in flight', async () => {
    const s = await start({ latencyMs: 50 });
    const openai = client(s);
    await Promise.all([
      openai.chat.completions.create(askFor(0)),
      openai.chat.completions.create(askFor(1)),
      openai.chat.completions.create(askFor(1)),
    ]);
    expect(s.stats.totalCalls).toBe(3);
    expect(s.stats.maxInFlight).toBe(3);
    expect(s.stats.inFlight).toBe(0);
    expect(Object.fromEntries(s.stats.callsPerChunk())).toEqual({ 0: 1, 1: 2 });
    expect(Object.fromEntries(s.stats.callsPerSlideRange())).toEqual({ '0-4': 1, '5-9': 2 });
  });
  it('refuses calls past maxConcurrent with 429 rate_limit_exceeded at once, and frees a slot when a call ends', async () => {
    const s = await start({ maxConcurrent: 2, latencyMs: 60_000 });
    const openai = client(s);
    const stop = new AbortController();
    const held = [0, 1].map((i) =>
      openai.chat.completions.create(askFor(i), { signal: stop.signal }).catch((e: unknown) => e),
    );
    await vi.waitFor(() => expect(s.stats.inFlight).toBe(2));

    const refused = await openai.chat.completions.create(askFor(2)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
    expect((refused as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');

    // Abandoned calls give their slots back, as a provider stops counting a closed request.
    stop.abort();
    await Promise.all(held);
    await s.stats.whenIdle();
    s.setLatencyMs(0);
    const answered = await openai.chat.completions.create(askFor(2));
    expect(answered.choices[0]!.finish_reason).toBe('stop');
    expect(s.stats.count('rate_limit')).toBe(1);
    expect(s.stats.count('answered')).toBe(1);
  });
});

describe('local OpenAI-compatible server, reasoning mode', () => {
  const reasoningAsk = (chunkIndex: number, extra: Record<string, unknown>) => ({
    ...askFor(chunkIndex),
    model: 'gpt-5-mini',
    ...extra,
  });

  it.each([
    ['max_tokens', { max_tokens: 4000 }, 'unsupported_parameter'],
    ['temperature', { temperature: 0.2 }, 'unsupported_value'],
    ['reasoning_effort', { model: 'o4-mini', reasoning_effort: 'minimal' }, 'unsupported_value'],
    ['reasoning_effort', { model: 'gpt-6-luna', reasoning_effort: 'minimal' }, 'unsupported_value'],
    ['reasoning_effort', { model: 'gpt-5-mini', reasoning_effort: 'none' }, 'unsupported_value'],
  ])('refuses %s with a 400 invalid_request_error naming the parameter', async (param, extra, code) => {
    const s = await start({ mode: 'reasoning' });
    const error = await client(s)
      .chat.completions.create(reasoningAsk(0, extra) as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param, code });
    expect(s.stats.calls[0]).toMatchObject({ outcome: 'bad_request', refusedParam: param });
  });

  it('accepts temperature 1 and the efforts each family documents', async () => {
    const s = await start({ mode: 'reasoning' });
    const openai = client(s);
    await openai.chat.completions.create(
      reasoningAsk(0, { temperature: 1, reasoning_effort: 'minimal', max_completion_tokens: 20_000 }) as never,
    );
    await openai.chat.completions.create(
      reasoningAsk(0, { model: 'o4-mini', reasoning_effort: 'high', max_completion_tokens: 60_000 }) as never,
    );
    const none = await openai.chat.completions.create(
      reasoningAsk(0, { model: 'gpt-6-luna', reasoning_effort: 'none', max_completion_tokens: 20_000 }) as never,
    );
    expect(none.usage!.completion_tokens_details!.reasoning_tokens).toBe(0);
    expect(s.stats.count('answered')).toBe(3);
  });

  it('bills reasoning by effort against max_completion_tokens and reports it apart', async () => {
    const s = await start({ mode: 'reasoning' });
    const openai = client(s);
    const low = await openai.chat.completions.create(
      reasoningAsk(1, { reasoning_effort: 'low', max_completion_tokens: 20_000 }) as never,
    );
    const high = await openai.chat.completions.create(
      reasoningAsk(1, { reasoning_effort: 'high', max_completion_tokens: 60_000 }) as never,
    );
    const reasoningOf = (c: OpenAI.Chat.Completions.ChatCompletion) =>
      c.usage!.completion_tokens_details!.reasoning_tokens!;
    expect(reasoningOf(low)).toBeGreaterThan(0);
    expect(reasoningOf(high)).toBeGreaterThan(reasoningOf(low) * 4);
    // Reasoning is part of the completion tokens, as OpenAI bills it; the same answer costs more with more thought.
    const answerTokens = (c: OpenAI.Chat.Completions.ChatCompletion) => c.usage!.completion_tokens - reasoningOf(c);
    expect(answerTokens(low)).toBe(Math.ceil(low.choices[0]!.message.content!.length / 4));
    expect(JSON.parse(high.choices[0]!.message.content!).slides).toHaveLength(5);
  });

  it('answers 200 with empty content and finish_reason "length" when reasoning spends the ceiling', async () => {
    const s = await start({ mode: 'reasoning' });
    const spent = await client(s).chat.completions.create(
      reasoningAsk(1, { reasoning_effort: 'high', max_completion_tokens: 5_000 }) as never,
    );
    expect(spent.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
    expect(spent.usage).toMatchObject({
      completion_tokens: 5_000,
      completion_tokens_details: { reasoning_tokens: 5_000 },
    });
    expect(s.stats.calls[0]).toMatchObject({ outcome: 'token_limit', reasoningTokens: 5_000, reasoningEffort: 'high' });
  });

  it('spends the same reasoning for the same seed and chunk, whatever order calls arrive in', async () => {
    const tokens: number[][] = [];
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
    ]) {
      const s = await start({ mode: 'reasoning', seed: 7 });
      const byChunk: number[] = [];
      for (const chunk of order) {
        const c = await client(s).chat.completions.create(
          reasoningAsk(chunk, { reasoning_effort: 'medium', max_completion_tokens: 60_000 }) as never,
        );
        byChunk[chunk] = c.usage!.completion_tokens_details!.reasoning_tokens!;
      }
      tokens.push(byChunk);
      await s.close();
      server = undefined;
    }
    expect(tokens[0]).toEqual(tokens[1]);
    expect(new Set(tokens[0]).size).toBeGreaterThan(1);
  });
});

describe('local OpenAI-compatible server, no-json-schema mode', () => {
  it('refuses response_format json_schema with a 400 naming response_format, and answers json_object', async () => {
    const s = await start({ mode: 'no-json-schema' });
    const openai = client(s);
    const refused = await openai.chat.completions.create(askFor(0)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'response_format' });

    const answered = await openai.chat.completions.create({ ...askFor(0), response_format: { type: 'json_object' } });
    expect(JSON.parse(answered.choices[0]!.message.content!).slides).toHaveLength(5);
    expect(s.stats.calls.map((call) => [call.responseFormat, call.outcome])).toEqual([
      ['json_schema', 'bad_request'],
      ['json_object', 'answered'],
    ]);
  });

  it('in standard mode takes json_schema and reports no reasoning', async () => {
    const s = await start();
    const completion = await client(s).chat.completions.create(askFor(0));
    expect(completion.usage!.completion_tokens_details!.reasoning_tokens).toBe(0);
    expect(s.stats.calls[0]!.responseFormat).toBe('json_schema');
  });
});
