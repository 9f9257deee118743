import { describe, expect, it } from 'vitest';
import { createHttpTransport } from './httpTransport.ts';
import { TalkTrackApiError } from './TalkTrackApiError.ts';
import { createFakeTalkTrackApi, sampleDeck } from '@talk-track/testing';

function setup() {
  const api = createFakeTalkTrackApi();
  return { api, transport: createHttpTransport({ basePath: api.basePath, fetch: api.fetch }) };
}

async function failureOf(promise: Promise<unknown>): Promise<TalkTrackApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TalkTrackApiError);
  return error as TalkTrackApiError;
}

describe('createHttpTransport', () => {
  it('creates, reads, cancels and retries a job over the route paths', async () => {
    const { api, transport } = setup();
    const { jobId, job } = await transport.create(sampleDeck('deck-a', 7), { idempotencyKey: 'k-1' });
    expect(job).toMatchObject({ id: jobId, deckId: 'deck-a', status: 'pending', totalChunks: 2, slideCount: 7 });

    api.claim(jobId);
    api.saveChunk(jobId);
    expect(await transport.get(jobId)).toMatchObject({ status: 'processing', currentChunk: 1, progress: 50 });
    expect((await transport.get(jobId)).slides).toHaveLength(5);

    expect(await transport.cancel(jobId)).toMatchObject({ status: 'cancelled' });
    expect(await transport.retry(jobId)).toMatchObject({ status: 'pending', error: null });
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST ',
      `GET /${jobId}`,
      `GET /${jobId}`,
      `POST /${jobId}/cancel`,
      `POST /${jobId}/retry`,
    ]);
  });

  it('sends the idempotency key, so a repeated start answers the same job', async () => {
    const { transport } = setup();
    const first = await transport.create(sampleDeck(), { idempotencyKey: 'same' });
    const second = await transport.create(sampleDeck(), { idempotencyKey: 'same' });
    expect(second.jobId).toBe(first.jobId);
  });

  it('turns an error body into a typed error with code, status, field and job id', async () => {
    const { transport } = setup();
    const invalid = await failureOf(transport.create({ ...sampleDeck(), slides: [] }));
    expect(invalid).toMatchObject({
      code: 'validation_failed',
      status: 422,
      field: 'deck.slides',
      retryable: false,
      isNetworkError: false,
    });

    const { jobId } = await transport.create(sampleDeck());
    const active = await failureOf(transport.create(sampleDeck()));
    expect(active).toMatchObject({ code: 'job_already_active', status: 409, jobId });

    expect(await failureOf(transport.get('00000000-0000-4000-8000-999999999999'))).toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });

  it('tells a request that never got an answer apart from a refusal', async () => {
    const { api, transport } = setup();
    const { jobId } = await transport.create(sampleDeck());
    api.failNext('network', 503);
    const network = await failureOf(transport.get(jobId));
    expect(network).toMatchObject({ code: 'network_error', status: 0, isNetworkError: true, retryable: true });
    const unavailable = await failureOf(transport.get(jobId));
    expect(unavailable).toMatchObject({
      code: 'service_unavailable',
      status: 503,
      isNetworkError: false,
      retryable: true,
    });
  });

  it('reports an answer that is not the API’s JSON (a proxy page, a login redirect) as invalid_response', async () => {
    const transport = createHttpTransport({
      basePath: 'http://127.0.0.1/api',
      fetch: async () =>
        new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    });
    const error = await failureOf(transport.get('x'));
    expect(error).toMatchObject({ code: 'invalid_response', status: 502, retryable: true });
    expect(error.message).toMatch(/basePath/);

    const login = createHttpTransport({
      basePath: 'http://127.0.0.1/api',
      fetch: async () => new Response('<html>Sign in</html>', { status: 200 }),
    });
    expect(await failureOf(login.get('x'))).toMatchObject({ code: 'invalid_response', status: 200, retryable: false });
  });

  it('lets an abort through as the abort it is', async () => {
    const controller = new AbortController();
    const transport = createHttpTransport({
      basePath: 'http://127.0.0.1/api',
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    });
    const pending = transport.get('x', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('joins the base path without doubling slashes and encodes the id', async () => {
    const seen: string[] = [];
    const transport = createHttpTransport({
      basePath: 'http://127.0.0.1/api/generate/talk-track/',
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('{"job":null}', { status: 200 });
      },
    });
    await transport.get('a/b');
    await transport.findLatest!('deck & more?/#');
    expect(seen).toEqual([
      'http://127.0.0.1/api/generate/talk-track/a%2Fb',
      'http://127.0.0.1/api/generate/talk-track?deckId=deck%20%26%20more%3F%2F%23',
    ]);
  });

  it("finds a deck's latest job with GET ?deckId=, and resolves null when there is none", async () => {
    const { api, transport } = setup();
    expect(await transport.findLatest!('deck-a')).toBeNull();
    const { jobId: first } = await transport.create(sampleDeck('deck-a'));
    await transport.cancel(first);
    const { jobId: latest } = await transport.create(sampleDeck('deck-a'));
    await transport.create(sampleDeck('deck-b'));
    expect(await transport.findLatest!('deck-a')).toMatchObject({ id: latest, deckId: 'deck-a', status: 'pending' });
    expect(api.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '?deckId=deck-a',
      '?deckId=deck-a',
    ]);
  });

  it('reads Retry-After (seconds) of a refusal into retryAfterMs', async () => {
    const refusal = new Response(JSON.stringify({ code: 'too_many_held_reads', message: 'Too many.' }), {
      status: 429,
      headers: { 'retry-after': '3', 'content-type': 'application/json' },
    });
    const transport = createHttpTransport({ fetch: async () => refusal });
    const error = await failureOf(
      transport.get('job-1', { waitForChangeMs: 8_000, since: '2026-01-01T00:00:00.000Z' }),
    );
    expect(error).toMatchObject({ code: 'too_many_held_reads', status: 429, retryAfterMs: 3_000 });
  });
});
