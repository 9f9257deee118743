import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import { type JobStore, JobStoreError } from '../jobStore.ts';
import { withPlan } from '@talk-track/testing/server';
import { createPostgresJobStore } from '../stores/postgresJobStore.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { SLOT_POLL_MS, slottedGenerate } from './slottedGenerate.ts';

const deck = sampleDeck(5);
const request = buildChunkRequest(deck, planChunks(deck.slides, 5)[0]!, 1);
const db = useTestDatabase();
let store: JobStore;

beforeAll(async () => {
  store = createPostgresJobStore(db.sql);
  await db.sql`update public.talk_track_settings set max_llm_calls_in_flight = 1`;
});

async function claimedJob(): Promise<{ jobId: string; owner: string }> {
  const { job } = await store.createJob({ userId: randomUUID(), ...withPlan(sampleDeck(5, { id: randomUUID() }), 5) });
  const owner = randomUUID();
  await store.claimJob(job.id, owner, 30);
  return { jobId: job.id, owner };
}

/** The pause a waiting job takes before its second ask for a slot (the minimum of the jitter). */
async function firstPause(claim: { jobId: string; owner: string }): Promise<number> {
  const pauses: number[] = [];
  const stop = new AbortController();
  const generate = slottedGenerate({
    ...claim,
    store,
    generate: async () => {
      throw new Error('no slot was free');
    },
    lanes: 3,
    llmTimeoutMs: 10_000,
    clock: {
      now: () => 0,
      sleep: async (ms) => {
        pauses.push(ms);
        stop.abort();
      },
    },
    random: () => 0,
    deadline: Number.POSITIVE_INFINITY,
    onStop: () => {},
    logger: { info() {}, warn() {}, error() {} },
  });
  await expect(generate(request, stop.signal)).rejects.toThrow(/waiting for an LLM slot/);
  return pauses[0]!;
}

describe('waiting in line for an LLM slot', () => {
  it('asks at the full rate at the front of the line and less often further back, so a long line does not flood the allocator', async () => {
    const holder = await claimedJob();
    expect((await store.beginLlmCall(holder.jobId, holder.owner, 3, 60)).decision).toBe('go');

    expect(await firstPause(await claimedJob())).toBe(SLOT_POLL_MS);
    // 60 more jobs join the line; the next one has 61 ahead of it.
    for (let i = 0; i < 60; i++) {
      const waiting = await claimedJob();
      expect((await store.beginLlmCall(waiting.jobId, waiting.owner, 3, 60)).decision).toBe('wait');
    }
    expect(await firstPause(await claimedJob())).toBe(SLOT_POLL_MS * 3);
  });
});

/** A store whose `beginLlmCall` fails as a restarting database does `outageAsks` times, then answers `go`. */
function restartingStore(outageAsks: number): { store: JobStore; asks: () => number } {
  let asks = 0;
  const fake: Pick<JobStore, 'beginLlmCall' | 'endLlmCall'> = {
    beginLlmCall: async () => {
      if (++asks <= outageAsks)
        throw new JobStoreError('unavailable', 'The job database is unavailable (ECONNREFUSED).');
      return { decision: 'go', slotId: '1', ahead: 0 };
    },
    endLlmCall: async () => {},
  };
  return { store: fake as JobStore, asks: () => asks };
}

function generateAgainst(store: JobStore, onStop: (unavailable?: JobStoreError) => void, pauses: number[]) {
  return slottedGenerate({
    jobId: randomUUID(),
    owner: randomUUID(),
    store,
    generate: async () =>
      ({ output: { slides: [] }, usage: { tokensIn: 1, tokensOut: 1 }, responseFormat: 'json_schema' }) as never,
    lanes: 3,
    llmTimeoutMs: 10_000,
    clock: { now: () => 0, sleep: async (ms) => void pauses.push(ms) },
    random: () => 0,
    deadline: Number.POSITIVE_INFINITY,
    onStop,
    logger: { info() {}, warn() {}, error() {} },
    unavailableDelaysMs: [100, 250, 500],
  });
}

describe('asking for an LLM slot while the job database restarts', () => {
  it('asks again on the save retry schedule instead of stopping the run, so the other lanes keep their answers', async () => {
    const { store: restarting, asks } = restartingStore(2);
    const pauses: number[] = [];
    let stopped = 0;
    const generated = await generateAgainst(restarting, () => stopped++, pauses)(request, new AbortController().signal);
    expect(generated.usage.tokensIn).toBe(1);
    expect(asks()).toBe(3);
    expect(pauses).toEqual([100, 250]);
    expect(stopped).toBe(0);
  });

  it('stops the run as a crash, with the store error, once the retries are spent and the database is still away', async () => {
    const { store: away } = restartingStore(Number.POSITIVE_INFINITY);
    const pauses: number[] = [];
    const stops: (JobStoreError | undefined)[] = [];
    await expect(
      generateAgainst(away, (unavailable) => stops.push(unavailable), pauses)(request, new AbortController().signal),
    ).rejects.toThrow(/unavailable/);
    expect(pauses).toEqual([100, 250, 500]);
    expect(stops.map((error) => error?.code)).toEqual(['unavailable']);
  });

  it('gives up waiting at once when the run is stopped meanwhile', async () => {
    const { store: away, asks } = restartingStore(Number.POSITIVE_INFINITY);
    const stop = new AbortController();
    stop.abort();
    let stopped = 0;
    await expect(generateAgainst(away, () => stopped++, [])(request, stop.signal)).rejects.toThrow(
      /Stopped while waiting/,
    );
    expect(asks()).toBe(1);
    expect(stopped).toBe(0);
  });
});
