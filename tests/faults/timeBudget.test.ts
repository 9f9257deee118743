import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobSnapshot, talkTrackSchema } from '@talk-track/core';
import { readJob } from '@talk-track/testing/server';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import { recordFigures } from '../support/figures.ts';
import { callsPerChunk } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi, isTerminal } from '../support/routeApi.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const SLIDES = 55;
const TOTAL_CHUNKS = 11;
const TIME_BUDGET_MS = 2_000;
// Longer than half the budget: after the first three chunks (one per lane) a second round would
// not fit, so each invocation does three chunks and 11 chunks take four invocations.
const LLM_LATENCY_MS = 1_200;

let budgeted: WorkerStack;
let unbounded: WorkerStack;
let budgetedApi: RouteApi;
let unboundedApi: RouteApi;
beforeAll(async () => {
  [budgeted, unbounded] = await Promise.all([
    startWorkerStack({
      llm: { latencyMs: LLM_LATENCY_MS },
      workerEnv: { TALK_TRACK_TIME_BUDGET_MS: String(TIME_BUDGET_MS) },
    }),
    startWorkerStack(),
  ]);
  const [budgetedWorker, unboundedWorker] = await Promise.all([budgeted.startDeno(), unbounded.startDeno()]);
  budgetedApi = createRouteApi({ store: budgeted.store, workerUrl: budgetedWorker.url, workerKey: budgeted.key });
  unboundedApi = createRouteApi({ store: unbounded.store, workerUrl: unboundedWorker.url, workerKey: unbounded.key });
});
afterAll(async () => {
  await Promise.all([budgeted?.close(), unbounded?.close()]);
});

/** What a caller relies on in a finished job, without the words the LLM chose. */
function shapeOf(snapshot: JobSnapshot) {
  const result = talkTrackSchema.parse(snapshot.result);
  return {
    keys: Object.keys(snapshot).sort(),
    status: snapshot.status,
    progress: snapshot.progress,
    currentChunk: snapshot.currentChunk,
    totalChunks: snapshot.totalChunks,
    slideCount: snapshot.slideCount,
    error: snapshot.error,
    resultKeys: Object.keys(result).sort(),
    slideKeys: [...new Set(result.slides.map((slide) => Object.keys(slide).sort().join(',')))],
    slides: result.slides.map((slide) => [slide.index, slide.title]),
    slidesMatchResult: JSON.stringify(snapshot.slides) === JSON.stringify(result.slides),
    hasOpeningAndClosing: result.opening.length > 0 && result.closing.length > 0,
    durationAddsUp:
      result.totalDurationSeconds === result.slides.reduce((sum, slide) => sum + slide.durationSeconds, 0),
  };
}

describe(`a ${TIME_BUDGET_MS} ms time budget per invocation`, () => {
  it('splits a 55-slide job across at least three invocations, with the result shaped like a one-invocation job', async () => {
    const deck = sampleDeck(SLIDES, { id: 'deck-budget' });
    const budgetedId = await budgetedApi.startJob(budgeted.userId, deck);
    const unboundedId = await unboundedApi.startJob(unbounded.userId, deck);
    const [{ snapshot: split, reads }, { snapshot: whole }] = await Promise.all([
      budgetedApi.poll(budgeted.userId, budgetedId, isTerminal, { timeoutMs: 30_000 }),
      unboundedApi.poll(unbounded.userId, unboundedId, isTerminal),
    ]);

    // Every invocation claims the job once, so attempts counts invocations.
    const invocations = (await readJob(budgeted.db.sql, budgetedId)).attempts;
    const handOffs = budgeted.workers[0]!.output().filter((line) => line.includes('time budget reached')).length;
    const progress = reads.flatMap((read) => (read.snapshot ? [read.snapshot.progress] : []));
    await recordFigures(
      'timeBudget',
      `time budget: a ${SLIDES}-slide job under a ${TIME_BUDGET_MS / 1000} s budget ran in ${invocations} invocations (${handOffs} hand-offs), completed with ${split.result?.slides.length} slides and the same result shape as a single run`,
      {
        slides: SLIDES,
        timeBudgetMs: TIME_BUDGET_MS,
        llmLatencyMs: LLM_LATENCY_MS,
        invocations,
        handOffs,
        status: split.status,
      },
    );

    expect(whole.status).toBe('completed');
    expect(split.status).toBe('completed');
    expect(invocations).toBeGreaterThanOrEqual(3);
    expect(handOffs).toBe(invocations - 1);
    expect(shapeOf(split)).toEqual(shapeOf(whole));
    // The hand-offs repeat nothing, and progress only rises across them.
    expect([...callsPerChunk(budgeted.llm.stats, deck.title).values()]).toEqual(Array(TOTAL_CHUNKS).fill(1));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
