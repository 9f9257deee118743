import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '@talk-track/core';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { recordFigures } from '../support/figures.ts';
import { callArrived, callsForDeck } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi } from '../support/routeApi.ts';
import { waitFor } from '../support/waitFor.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const SLIDES = 55;
// Slow answers, so at the cancel no answer is due for a while: no save can race it, and the calls
// in flight are the three the lanes just started.
const LLM_LATENCY_MS = 1_500;
// Heartbeats (which notice the cancel) come often, so the calls in flight are abandoned rather than awaited.
const HEARTBEAT_MS = 100;

let stack: WorkerStack;
let worker: WorkerProcess;
let api: RouteApi;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: { latencyMs: LLM_LATENCY_MS },
    workerEnv: { TALK_TRACK_HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) },
  });
  worker = await stack.startDeno();
  api = createRouteApi({
    store: stack.store,
    workerUrl: worker.url,
    workerKey: stack.key,
    staleJobs: { pendingGraceMs: 0, reviveThrottleMs: 0 },
  });
});
afterAll(() => stack?.close());

describe('cancel during a run', () => {
  it('lets no new call reach the LLM, ends the job cancelled with its finished slides, and it stays cancelled', async () => {
    const title = 'Cancelled deck';
    const user = stack.userId;
    const jobId = await api.startJob(user, sampleDeck(SLIDES, { id: 'deck-cancel', title }));
    // Chunks 0–2 done and saved, 3–5 just started.
    await waitFor('the calls for chunks 3, 4 and 5', () =>
      [3, 4, 5].every((index) => callArrived(stack.llm.stats, title, index)),
    );
    const inFlightAtCancel = stack.llm.stats.inFlight;
    const callsAtCancel = callsForDeck(stack.llm.stats, title).length;

    const cancelled = await api.cancel(user, jobId);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: jobId, status: 'cancelled' });

    await waitFor('the run to stop', () =>
      worker.output().some((line) => line.includes('job run stopped: lease lost or job cancelled')),
    );
    await stack.llm.stats.whenIdle();
    const calls = callsForDeck(stack.llm.stats, title);
    // Nothing started after the cancel; what was in flight was abandoned, not answered and saved.
    expect(calls).toHaveLength(callsAtCancel);
    expect(calls.filter((call) => call.chunkIndex! >= 3).map((call) => call.outcome)).toEqual([
      'client_gone',
      'client_gone',
      'client_gone',
    ]);

    // Stays cancelled: status reads do not revive it (even with revival at its most eager),
    // the worker will not take it, and a second cancel is refused.
    const read = async () => (await (await api.status(user, jobId)).json()) as JobSnapshot;
    const invocationsBefore = api.invocations.length;
    const after = [await read(), await read()];
    expect(api.invocations).toHaveLength(invocationsBefore);
    expect(await (await stack.invoke(worker, jobId)).json()).toEqual({ accepted: false, jobId });
    const again = await api.cancel(user, jobId);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'invalid_transition' });
    const final = await read();
    for (const snapshot of [...after, final])
      expect(snapshot).toMatchObject({ status: 'cancelled', currentChunk: 3, error: null });
    expect(final.slides.map((slide) => slide.index)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(callsForDeck(stack.llm.stats, title)).toHaveLength(callsAtCancel);

    await recordFigures(
      'cancel',
      `cancel: ${inFlightAtCancel} calls in flight at the cancel were abandoned, 0 calls after it; the job stayed cancelled with its 15 finished slides`,
      {
        inFlightAtCancel,
        callsAfterCancel: calls.length - callsAtCancel,
        savedChunks: final.currentChunk,
        status: final.status,
      },
    );
  });
});
