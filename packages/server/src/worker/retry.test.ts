import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WORKER_ERROR_CODES } from '@talk-track/core';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { type LlmServer, startLlmServer } from '../../../../tooling/src/llm/startLlmServer.ts';
import { type JobRecord, type JobStore, JobStoreError } from '../jobStore.ts';
import type { SleepClock } from '../shared/sleepClock.ts';
import { silentLogger } from '../shared/logger.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { createChunkGenerator } from './generateChunk.ts';
import {
  type ChunkRunOptions,
  CUT_OFF_CEILING_FACTOR,
  MAX_RETRY_AFTER_MS,
  NO_USAGE,
  backoffDelayMs,
  decideRetry,
  runChunkWithRetries,
  saveChunkWithRetries,
} from './retry.ts';
import { WorkerError } from './workerError.ts';

const policy = (random: number) => ({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 16_000, random: () => random });
const transient = (retryAfterMs?: number) => new WorkerError('llm_rate_limited', 'busy', true, retryAfterMs);

describe('retry policy', () => {
  it('draws full jitter under a ceiling that doubles per attempt and stops at the maximum', () => {
    // random → 1 (just under) shows each attempt's ceiling; random → 0 shows the floor is 0.
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy(0.999_999)));
    expect(ceilings).toEqual([999, 1999, 3999, 7999, 15_999, 15_999]);
    expect(backoffDelayMs(3, policy(0))).toBe(0);
    expect(backoffDelayMs(3, policy(0.5))).toBe(2000);
  });

  it('waits at least what the server asked for, up to a sane maximum', () => {
    expect(backoffDelayMs(1, policy(0), 2500)).toBe(2500);
    expect(backoffDelayMs(4, policy(0.999_999), 2500)).toBe(7999);
    expect(backoffDelayMs(1, policy(0), 10 * 60_000)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('retries transient errors until the last attempt, never other errors', () => {
    expect(decideRetry(transient(), 1, policy(0.5))).toEqual({ retry: true, delayMs: 500 });
    expect(decideRetry(transient(), 3, policy(0.5))).toEqual({ retry: true, delayMs: 2000 });
    expect(decideRetry(transient(), 4, policy(0.5))).toEqual({ retry: false });
    expect(decideRetry(new WorkerError('llm_auth', 'no', false), 1, policy(0.5))).toEqual({ retry: false });
    expect(decideRetry(new Error('bug'), 1, policy(0.5))).toEqual({ retry: false });
  });
});

const deck = sampleDeck(3);
const request = buildChunkRequest(deck, planChunks(deck.slides, 3)[0]!, 1);
let server: LlmServer;
let clock: SleepClock & { sleeps: number[] };

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
      const result = await run({
        generate: createChunkGenerator({ apiKey: 'k', baseURL: strict.url, model: 'm', timeoutMs: 5_000 }),
      });
      expect(result).toMatchObject({ kind: 'failed', attempts: 1, error: { code: 'llm_auth' } });
    } finally {
      await strict.close();
    }
  });

  it('defers the chunk when the next retry would start past the deadline', async () => {
    server.setFaults({ failAll: 'server_error' });
    expect(await run({ deadline: 120 })).toEqual({ kind: 'deferred', attempts: 2, billed: NO_USAGE });
    expect(clock.sleeps).toEqual([50]);
  });

  it('defers a chunk that waited in line for an LLM slot until the deadline without spending an attempt', async () => {
    let asked = 0;
    const waitedOut = async (): Promise<never> => {
      asked++;
      throw new WorkerError(
        WORKER_ERROR_CODES.llmRateLimited,
        'Waited for an LLM slot until the time budget ran out.',
        true,
        0,
        { notAttempted: true },
      );
    };
    // Three attempts already spent: one more counted attempt would be the last, so a long line
    // would fail the job here.
    expect(await run({ generate: waitedOut, attemptsBefore: 3 })).toEqual({
      kind: 'deferred',
      attempts: 3,
      billed: NO_USAGE,
    });
    expect(asked).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a cut-off answer once, at once, with twice the ceiling, and then fails llm_token_limit', async () => {
    const factors: (number | undefined)[] = [];
    const cutOff: ChunkRunOptions['generate'] = async (_request, _signal, call) => {
      factors.push(call?.ceilingFactor);
      throw new WorkerError(WORKER_ERROR_CODES.llmTokenLimit, 'cut off', call?.ceilingFactor === 1, undefined, {
        billed: { tokensIn: 10, tokensOut: 100, tokensReasoning: 100 },
      });
    };
    expect(await run({ generate: cutOff })).toMatchObject({
      kind: 'failed',
      attempts: 2,
      error: { code: 'llm_token_limit', retryable: false },
    });
    expect(factors).toEqual([1, CUT_OFF_CEILING_FACTOR]);
    expect(clock.sleeps).toEqual([0]);
  });

  describe("hands back what failed calls billed when no answer is kept, for the job's ledger", () => {
    const billedFailure = (n: number) =>
      new WorkerError(WORKER_ERROR_CODES.llmInvalidOutput, 'missing slide', true, undefined, {
        billed: { tokensIn: 10 * n, tokensOut: 100 * n, tokensReasoning: 90 * n },
      });
    const failing = (): ChunkRunOptions['generate'] => {
      let calls = 0;
      return async () => {
        throw billedFailure(++calls);
      };
    };

    it('on failure: every billed call, the last included', async () => {
      expect(await run({ generate: failing() })).toMatchObject({
        kind: 'failed',
        attempts: 4,
        billed: { tokensIn: 100, tokensOut: 1000, tokensReasoning: 900 },
      });
    });

    it('on deferral to the next invocation', async () => {
      expect(await run({ generate: failing(), deadline: 120 })).toEqual({
        kind: 'deferred',
        attempts: 2,
        billed: { tokensIn: 30, tokensOut: 300, tokensReasoning: 270 },
      });
    });

    it('when stopped because another chunk failed', async () => {
      const stop = new AbortController();
      const result = await run({ generate: failing(), stopSignal: stop.signal, onAttemptFailed: () => stop.abort() });
      expect(result).toEqual({ kind: 'stopped', billed: { tokensIn: 10, tokensOut: 100, tokensReasoning: 90 } });
    });

    it('when aborted in flight (lease lost, cancelled): the calls that answered before', async () => {
      const abort = new AbortController();
      let calls = 0;
      const generate: ChunkRunOptions['generate'] = async () => {
        if (++calls === 3) {
          abort.abort();
          throw new Error('aborted');
        }
        throw billedFailure(calls);
      };
      expect(await run({ generate, abortSignal: abort.signal })).toEqual({
        kind: 'stopped',
        billed: { tokensIn: 30, tokensOut: 300, tokensReasoning: 270 },
      });
    });
  });

  it("spends no attempt on the one free retry after a json_schema refusal, and adds billed failures to the answer's usage", async () => {
    const answer = {
      output: { slides: [], opening: null, closing: null },
      usage: { tokensIn: 5, tokensOut: 7, tokensReasoning: 2 },
      responseFormat: 'json_object' as const,
    };
    const outcomes = [
      new WorkerError(WORKER_ERROR_CODES.llmRequestRejected, 'refuses json_schema', true, undefined, {
        uncounted: true,
      }),
      new WorkerError(WORKER_ERROR_CODES.llmInvalidOutput, 'missing slide', true, undefined, {
        billed: { tokensIn: 10, tokensOut: 20, tokensReasoning: 3 },
      }),
    ];
    const generate: ChunkRunOptions['generate'] = async () => {
      const next = outcomes.shift();
      if (next) throw next;
      return answer;
    };
    // Two attempts spent before: had the refusal counted, the invalid answer would have been the last of four.
    expect(await run({ generate, attemptsBefore: 2 })).toEqual({
      ...answer,
      kind: 'done',
      attempts: 4,
      usage: { tokensIn: 15, tokensOut: 27, tokensReasoning: 5 },
    });
  });

  it('starts no further attempt once stopped', async () => {
    server.setFaults({ failAll: 'server_error' });
    const stop = new AbortController();
    const calls = server.stats.totalCalls;
    const result = await run({ stopSignal: stop.signal, onAttemptFailed: () => stop.abort() });
    expect(result).toEqual({ kind: 'stopped', billed: NO_USAGE });
    expect(server.stats.totalCalls - calls).toBe(1);
  });
});

const SAVED = { id: 'job-1', status: 'processing' } as JobRecord;
const unavailable = () => new JobStoreError('unavailable', 'The job database is unavailable (57P01)');

/** A store whose saveChunk answers from a script: an error to throw, or a row (or null) to return. */
function scriptedStore(script: (Error | JobRecord | null)[]): JobStore & { saves: number } {
  const store = {
    saves: 0,
    async saveChunk() {
      const next = script[store.saves++];
      if (next instanceof Error) throw next;
      return next ?? null;
    },
  };
  return store as unknown as JobStore & { saves: number };
}

/** Sleeps take no time; the waits asked for are recorded. */
function recordingClock(onSleep: () => void = () => {}): SleepClock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => 0, sleep: async (ms) => void (slept.push(ms), onSleep()) };
}

const options = (store: JobStore, clock: SleepClock, signal = new AbortController().signal) => ({
  store,
  jobId: 'job-1',
  owner: 'worker-1',
  chunkIndex: 3,
  output: { slides: [], opening: null, closing: null },
  clock,
  signal,
  logger: silentLogger,
  delaysMs: [10, 20, 40],
});

describe('saveChunkWithRetries', () => {
  it('waits out an unavailable database and saves once it is back', async () => {
    const store = scriptedStore([unavailable(), unavailable(), SAVED]);
    const clock = recordingClock();
    expect(await saveChunkWithRetries(options(store, clock))).toBe(SAVED);
    expect(store.saves).toBe(3);
    expect(clock.slept).toEqual([10, 20]);
  });

  it('gives up with the last error when the database stays away', async () => {
    const store = scriptedStore([unavailable(), unavailable(), unavailable(), unavailable()]);
    await expect(saveChunkWithRetries(options(store, recordingClock()))).rejects.toMatchObject({ code: 'unavailable' });
    expect(store.saves).toBe(4);
  });

  it('rethrows anything but unavailability at once', async () => {
    const store = scriptedStore([new Error('column "output" is of type jsonb'), SAVED]);
    await expect(saveChunkWithRetries(options(store, recordingClock()))).rejects.toThrow(/jsonb/);
    expect(store.saves).toBe(1);
  });

  it('answers null, as for a lost lease, when the run is stopped while it waits', async () => {
    const stop = new AbortController();
    const store = scriptedStore([unavailable(), SAVED]);
    expect(
      await saveChunkWithRetries(
        options(
          store,
          recordingClock(() => stop.abort()),
          stop.signal,
        ),
      ),
    ).toBeNull();
    expect(store.saves).toBe(1);
  });

  it('passes a lost lease (null) straight through', async () => {
    expect(await saveChunkWithRetries(options(scriptedStore([null]), recordingClock()))).toBeNull();
  });
});
