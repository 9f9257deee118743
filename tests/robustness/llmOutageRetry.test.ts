import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '@talk-track/core';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import { recordFigures } from '../support/figures.ts';
import { answersPerChunk, callArrived } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi, isTerminal } from '../support/routeApi.ts';
import { waitFor } from '../support/waitFor.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const SLIDES = 55;
const TOTAL_CHUNKS = 11;
const MAX_ATTEMPTS = 3;

let stack: WorkerStack;
let api: RouteApi;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: { latencyMs: 40 },
    workerEnv: { TALK_TRACK_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
  });
  const worker = await stack.startDeno();
  api = createRouteApi({ store: stack.store, workerUrl: worker.url, workerKey: stack.key });
});
afterAll(() => stack?.close());

describe('an LLM outage (every call failing)', () => {
  it('fails the job with a code and a readable message, keeps the finished slides, and Retry resumes from them', async () => {
    const title = 'Outage deck';
    const user = stack.userId;
    const jobId = await api.startJob(user, sampleDeck(SLIDES, { id: 'deck-outage', title }));
    await waitFor('the call for chunk 3', () => callArrived(stack.llm.stats, title, 3));
    stack.llm.setFaults({ failAll: 'server_error' });

    const { snapshot: failed } = await api.poll(user, jobId, isTerminal, { intervalMs: 100 });
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'llm_unavailable',
      message: `The AI service had errors and did not answer after ${MAX_ATTEMPTS} attempts. Your finished slides are kept; press Retry to continue.`,
    });
    const keptChunks = (await stack.store.listChunks(jobId)).map((chunk) => chunk.chunkIndex);
    expect(failed.currentChunk).toBe(keptChunks.length);
    expect(keptChunks.length).toBeGreaterThanOrEqual(3);
    expect(keptChunks.length).toBeLessThan(TOTAL_CHUNKS);
    // The failed job still shows its finished slides: the five of every saved chunk.
    expect(failed.slides.map((slide) => slide.index)).toEqual(
      keptChunks.flatMap((chunk) => [0, 1, 2, 3, 4].map((offset) => chunk * 5 + offset)),
    );

    // The provider is back; the user presses Retry.
    stack.llm.setFaults({});
    const retried = await api.retry(user, jobId);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as JobSnapshot).error).toBeNull();
    const { snapshot: done } = await api.poll(user, jobId, isTerminal, { intervalMs: 100 });
    expect(done.status).toBe('completed');
    expect(done.result!.slides.map((slide) => slide.index)).toEqual(Array.from({ length: SLIDES }, (_, i) => i));

    // The retry generated only what was missing: every chunk was answered exactly once overall.
    const answers = answersPerChunk(stack.llm.stats, title);
    expect([...answers.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL_CHUNKS }, (_, i) => i));
    expect([...answers.values()]).toEqual(Array(TOTAL_CHUNKS).fill(1));

    await recordFigures(
      'llmOutage',
      `LLM outage: job failed with llm_unavailable after ${MAX_ATTEMPTS} attempts, ${keptChunks.length}/${TOTAL_CHUNKS} chunks kept; Retry completed it generating only the ${TOTAL_CHUNKS - keptChunks.length} missing`,
      {
        maxAttempts: MAX_ATTEMPTS,
        errorCode: failed.error?.code,
        keptChunks: keptChunks.length,
        totalChunks: TOTAL_CHUNKS,
        status: done.status,
      },
    );
  });
});
