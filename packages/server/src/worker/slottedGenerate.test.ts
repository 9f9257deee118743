import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { planChunks } from '@talk-track/core';
import { sampleDeck } from '../../../../tooling/src/llm/sampleDeck.ts';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import type { JobStore } from '../jobStore.ts';
import { withPlan } from '../stores/jobStoreTestKit.ts';
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
