import { describe, expect, it } from 'vitest';
import type { JobStore } from '../jobStore.ts';
import { createWorkerHandler } from './createWorkerHandler.ts';
import { readWorkerConfig } from './workerConfig.ts';
import { silentLogger } from '../shared/logger.ts';

const KEY = 'sb_secret_worker_test_key';
const JOB_ID = '0b9f3c7e-4a4e-4f0a-9d55-2f6f0c0b1a11';

// Every refusal below must happen before the store is touched: this store fails the test if it is.
const untouchableStore = new Proxy({} as JobStore, {
  get: (_, method) => () => {
    throw new Error(`the store was called (${String(method)}) for a refused request`);
  },
});

const handler = createWorkerHandler({
  store: untouchableStore,
  config: readWorkerConfig({ OPENAI_API_KEY: 'k' }),
  keys: [KEY],
  logger: silentLogger,
});

const post = (body: string, headers: Record<string, string> = { apikey: KEY }) =>
  handler(
    new Request('http://127.0.0.1/functions/v1/generate-talk-track', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }),
  );

describe('worker HTTP refusals', () => {
  it('answers OPTIONS with the allowed methods and other methods with 405', async () => {
    const options = await handler(new Request('http://127.0.0.1/', { method: 'OPTIONS' }));
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST, OPTIONS');
    const get = await handler(new Request('http://127.0.0.1/'));
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ code: 'method_not_allowed' });
  });

  it('answers 401 unauthenticated without the key, with a wrong key and with a user JWT', async () => {
    const body = JSON.stringify({ jobId: JOB_ID });
    const refused: Record<string, string>[] = [
      {},
      { apikey: 'sb_secret_wrong' },
      { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.c2ln' },
    ];
    for (const headers of refused) {
      const response = await post(body, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('answers 400 with the code and field for a bad body', async () => {
    expect(await (await post('{nope')).json()).toMatchObject({ code: 'invalid_json' });
    const cases: [string, string][] = [
      ['{}', 'jobId'],
      [JSON.stringify({ jobId: 'job-1' }), 'jobId'],
      [JSON.stringify({ jobId: JOB_ID, extra: true }), 'extra'],
      [JSON.stringify({ jobId: JOB_ID, handoff: { chunkAttempts: { x: 1 } } }), 'handoff.chunkAttempts.x'],
      ['[]', 'jobId'],
    ];
    for (const [body, field] of cases) {
      const response = await post(body);
      expect(response.status, body).toBe(400);
      expect(await response.json(), body).toMatchObject({ code: 'validation_failed', field });
    }
  });

  it('answers 413 to a body larger than a worker call needs', async () => {
    const response = await post(JSON.stringify({ jobId: JOB_ID, padding: 'x'.repeat(20_000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
  });
});
