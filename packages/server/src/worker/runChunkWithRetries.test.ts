import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planChunks } from '@talk-track/core';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { type LlmServer, startLlmServer } from '../../../../tooling/src/llm/startLlmServer.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { createChunkGenerator } from './generateChunk.ts';
import { type ChunkRunOptions, runChunkWithRetries } from './runChunkWithRetries.ts';
import type { Clock } from '../shared/clock.ts';

const request = buildChunkRequest(sampleDeck(3), planChunks(3, 3)[0]!, 1);
let server: LlmServer;
let clock: Clock & { sleeps: number[] };

beforeAll(async () => {
  server = await startLlmServer();
});
afterAll(() => server.close());

beforeEach(() => {
  // Time moves only when the code under test sleeps: backoff is observed, never waited for.
  let now = 0;
  const sleeps: number[] = [];
  clock = {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
});

function run(overrides: Partial<ChunkRunOptions> = {}) {
  return runChunkWithRetries({
    request,
    generate: createChunkGenerator({ apiKey: 'k', baseURL: server.url, model: 'gpt-4o-mini', timeoutMs: 5_000 }),
    policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 },
    clock,
    abortSignal: new AbortController().signal,
    stopSignal: new AbortController().signal,
    deadline: 60_000,
    ...overrides,
  });
}

describe('running a chunk with retries', () => {
  it('leaves no listener on the job-wide abort signal, however many calls run under it (the SDK never removes its own)', async () => {
    const jobSignal = new AbortController();
    for (let i = 0; i < 15; i++) {
      expect(await run({ abortSignal: jobSignal.signal })).toMatchObject({ kind: 'done' });
    }
    expect(getEventListeners(jobSignal.signal, 'abort')).toHaveLength(0);
  });

  it('retries transient failures with backoff, honouring retry-after, until an answer comes', async () => {
    server.setFaults({ sequence: ['rate_limit', 'rate_limit'], retryAfterSeconds: 0.25 });
    const result = await run();
    expect(result).toMatchObject({ kind: 'done', attempts: 3 });
    // Jitter would give 50 then 100; the server's 250 ms is the floor.
    expect(clock.sleeps).toEqual([250, 250]);
  });

  it('fails after the last attempt with the last error', async () => {
    server.setFaults({ failAll: 'server_error' });
    const result = await run();
    expect(result).toMatchObject({ kind: 'failed', attempts: 4, error: { code: 'llm_unavailable' } });
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('counts the attempts an earlier invocation spent', async () => {
    server.setFaults({ failAll: 'server_error' });
    expect(await run({ attemptsBefore: 3 })).toMatchObject({ kind: 'failed', attempts: 4 });
    expect(clock.sleeps).toEqual([]);
  });

  it('fails at once on an error a retry cannot fix', async () => {
    const strict = await startLlmServer({ apiKey: 'other' });
    try {
      const result = await run({ generate: createChunkGenerator({ apiKey: 'k', baseURL: strict.url, model: 'm', timeoutMs: 5_000 }) });
      expect(result).toMatchObject({ kind: 'failed', attempts: 1, error: { code: 'llm_auth' } });
    } finally {
      await strict.close();
    }
  });

  it('defers the chunk when the next retry would start past the deadline', async () => {
    server.setFaults({ failAll: 'server_error' });
    expect(await run({ deadline: 120 })).toEqual({ kind: 'deferred', attempts: 2 });
    expect(clock.sleeps).toEqual([50]);
  });

  it('starts no further attempt once stopped', async () => {
    server.setFaults({ failAll: 'server_error' });
    const stop = new AbortController();
    const calls = server.stats.totalCalls;
    const result = await run({ stopSignal: stop.signal, onAttemptFailed: () => stop.abort() });
    expect(result).toEqual({ kind: 'stopped' });
    expect(server.stats.totalCalls - calls).toBe(1);
  });
});
