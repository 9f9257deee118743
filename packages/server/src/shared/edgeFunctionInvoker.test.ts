import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkerConfig } from '../worker/workerConfig.ts';
import { authenticateWorkerCall, workerKeysFromEnv } from './authenticateWorkerCall.ts';
import { createEdgeFunctionInvoker, edgeFunctionInvokerFromEnv, WorkerInvokeError } from './edgeFunctionInvoker.ts';
import { WORKER_URL_VARIABLES, workerUrlFromEnv } from './workerInvoker.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

// A loopback edge function: records each call and answers as the test tells it to.
let server: Server;
let baseUrl: string;
const received: Received[] = [];
let answer: { status: number; delayMs?: number } = { status: 202 };

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    // The call the timeout test abandons is not recorded: under load it lands after the next test cleared the list.
    if (request.url !== '/abandoned')
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end('{"accepted":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createEdgeFunctionInvoker', () => {
  it('POSTs { jobId } with the key as bearer token and apikey', async () => {
    answer = { status: 202 };
    received.length = 0;
    const invoker = createEdgeFunctionInvoker({
      url: `${baseUrl}/functions/v1/generate-talk-track`,
      key: 'sb_secret_abc',
    });
    await invoker.invoke('7f8a1c2e-0000-4000-8000-000000000001');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/functions/v1/generate-talk-track',
      body: JSON.stringify({ jobId: '7f8a1c2e-0000-4000-8000-000000000001' }),
    });
    expect(received[0]!.headers).toMatchObject({
      authorization: 'Bearer sb_secret_abc',
      apikey: 'sb_secret_abc',
      'content-type': 'application/json',
    });
  });

  it('rejects on a non-2xx answer, with the status', async () => {
    answer = { status: 401 };
    const invoker = createEdgeFunctionInvoker({ url: `${baseUrl}/fn`, key: 'wrong' });
    const failure = await invoker.invoke('job').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerInvokeError);
    expect((failure as WorkerInvokeError).status).toBe(401);
  });

  it('gives up after timeoutMs', async () => {
    answer = { status: 202, delayMs: 2_000 };
    const invoker = createEdgeFunctionInvoker({ url: `${baseUrl}/abandoned`, key: 'k', timeoutMs: 50 });
    // Without the timeout the 202 would arrive after 2 s and the call would resolve.
    await expect(invoker.invoke('job')).rejects.toThrow(/timeout|abort/i);
  });
});

describe('edgeFunctionInvokerFromEnv', () => {
  it('builds the function URL from SUPABASE_URL and prefers the secret key over the legacy service role key', async () => {
    answer = { status: 202 };
    received.length = 0;
    const invoker = edgeFunctionInvokerFromEnv({
      SUPABASE_URL: `${baseUrl}/`,
      SUPABASE_SECRET_KEY: 'sb_secret_new',
      SUPABASE_SERVICE_ROLE_KEY: 'legacy.jwt',
    });
    await invoker.invoke('job');
    expect(received[0]!.url).toBe('/functions/v1/generate-talk-track');
    expect(received[0]!.headers.apikey).toBe('sb_secret_new');
  });

  it('uses TALK_TRACK_WORKER_URL and the legacy key when those are what the host has', async () => {
    received.length = 0;
    await edgeFunctionInvokerFromEnv({
      TALK_TRACK_WORKER_URL: `${baseUrl}/custom`,
      SUPABASE_SERVICE_ROLE_KEY: 'legacy.jwt',
    }).invoke('job');
    expect(received[0]!.url).toBe('/custom');
    expect(received[0]!.headers.authorization).toBe('Bearer legacy.jwt');
  });

  it('prefers TALK_TRACK_WORKER_KEY, the key the worker checks first', async () => {
    received.length = 0;
    await edgeFunctionInvokerFromEnv({
      SUPABASE_URL: baseUrl,
      TALK_TRACK_WORKER_KEY: 'worker-key',
      SUPABASE_SECRET_KEY: 'sb_secret_new',
    }).invoke('job');
    expect(received[0]!.headers.apikey).toBe('worker-key');
  });

  it('says which variable is missing', () => {
    expect(() => edgeFunctionInvokerFromEnv({ SUPABASE_SECRET_KEY: 'k' })).toThrow(
      /TALK_TRACK_WORKER_URL or SUPABASE_URL/,
    );
    expect(() => edgeFunctionInvokerFromEnv({ SUPABASE_URL: baseUrl })).toThrow(
      /TALK_TRACK_WORKER_KEY, SUPABASE_SECRET_KEY, SUPABASE_SECRET_KEYS or SUPABASE_SERVICE_ROLE_KEY/,
    );
  });
});

describe('workerUrlFromEnv', () => {
  it('reads TALK_TRACK_WORKER_URL, else SUPABASE_URL, and no other name', () => {
    expect(workerUrlFromEnv({ TALK_TRACK_WORKER_URL: 'http://w/', SUPABASE_URL: 'http://s' })).toBe('http://w/');
    expect(workerUrlFromEnv({ SUPABASE_URL: 'http://s/' })).toBe('http://s/functions/v1/generate-talk-track');
    expect(workerUrlFromEnv({ WORKER_URL: 'http://w/' })).toBeUndefined();
    expect(WORKER_URL_VARIABLES).toBe('TALK_TRACK_WORKER_URL or SUPABASE_URL');
  });
});

describe('one worker invoker for the route and the worker', () => {
  it('reaches the URL the worker continues itself at, with a key the worker accepts', async () => {
    answer = { status: 202 };
    received.length = 0;
    // The app's environment (Vercel) and the function's (Supabase) name the same project and key differently.
    const appEnv = { SUPABASE_URL: baseUrl, SUPABASE_SECRET_KEY: 'sb_secret_shared' };
    const functionEnv = {
      SUPABASE_URL: baseUrl,
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: 'sb_secret_shared' }),
      OPENAI_API_KEY: 'k',
    };
    await edgeFunctionInvokerFromEnv(appEnv).invoke('job');
    expect(`${baseUrl}${received[0]!.url}`).toBe(readWorkerConfig(functionEnv).workerUrl);
    const call = new Request(`${baseUrl}${received[0]!.url}`, {
      method: 'POST',
      headers: { apikey: String(received[0]!.headers.apikey) },
    });
    expect(await authenticateWorkerCall(call, workerKeysFromEnv(functionEnv))).toBe(true);
  });
});
