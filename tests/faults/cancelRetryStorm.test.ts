import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '@talk-track/core';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { recordFigures } from '../support/figures.ts';
import { callsForDeck } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi } from '../support/routeApi.ts';
import { waitFor } from '../support/waitFor.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const SLIDES = 55;
const LANES = 3;
const PAIRS = 10;
/** Ten pairs within 5 s: one starting every 450 ms. */
const PAIR_EVERY_MS = 450;
/** Slow answers, so every cancel lands on calls in flight. */
const LLM_LATENCY_MS = 1_500;
/** The bound: a cancelled run's calls end within about a second. */
const LET_GO_WITHIN_MS = 1_000;

let stack: WorkerStack;
let worker: WorkerProcess;
let api: RouteApi;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: { latencyMs: LLM_LATENCY_MS },
    // The defaults that matter here: a 10 s heartbeat (so only the 1 s lease check can be fast)
    // and the 1 s lease check itself.
    workerEnv: {
      TALK_TRACK_CHUNK_CONCURRENCY: String(LANES),
      TALK_TRACK_LEASE_SECONDS: '30',
      TALK_TRACK_LEASE_CHECK_MS: '1000',
    },
  });
  worker = await stack.startDeno();
  api = createRouteApi({ store: stack.store, workerUrl: worker.url, workerKey: stack.key });
});
afterAll(() => stack?.close());

describe('(c) cancel and retry, ten times within 5 s', () => {
  it('never has more LLM calls in flight for the job than its lanes, and every cancelled run lets go of its calls within 1 s', async () => {
    const title = 'Cancel retry storm';
    const user = stack.userId;
    const jobId = await api.startJob(user, sampleDeck(SLIDES, { id: 'deck-storm', title }));
    await waitFor('the first calls', () => callsForDeck(stack.llm.stats, title).length >= LANES);

    const cancels: number[] = [];
    const startedAt = performance.now();
    for (let pair = 0; pair < PAIRS; pair++) {
      const cancelled = await api.cancel(user, jobId);
      expect(cancelled.status).toBe(200);
      cancels.push(performance.now());
      const retried = await api.retry(user, jobId);
      expect(retried.status).toBe(200);
      // The pace of a person clicking, not a wait for an event.
      const nextPairAt = startedAt + (pair + 1) * PAIR_EVERY_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextPairAt - performance.now())));
    }
    expect(cancels.at(-1)! - startedAt).toBeLessThan(5_000);

    const { snapshot } = await api.poll(user, jobId, (s: JobSnapshot) => s.status === 'completed', {
      intervalMs: 200,
      timeoutMs: 90_000,
    });
    expect(snapshot.result!.slides).toHaveLength(SLIDES);
    await stack.llm.stats.whenIdle();

    const calls = callsForDeck(stack.llm.stats, title);
    const maxInFlight = stack.llm.stats.maxInFlightFor(title);
    expect(maxInFlight).toBeLessThanOrEqual(LANES);
    // A call in flight at a cancel belongs to the cancelled run: it must have ended within 1 s.
    const lateEnds = cancels.flatMap((at) =>
      calls.filter((call) => call.startedAt < at && (call.endedAt ?? Infinity) > at).map((call) => call.endedAt! - at),
    );
    const slowest = Math.max(0, ...lateEnds);
    expect(slowest).toBeLessThanOrEqual(LET_GO_WITHIN_MS + 250);

    await recordFigures(
      'cancelRetryStorm',
      `cancel/retry ×${PAIRS} in 5 s: at most ${maxInFlight} calls in flight for the job (lanes ${LANES}); cancelled runs let go within ${Math.round(slowest)} ms; completed with ${calls.length} calls`,
      { pairs: PAIRS, maxInFlight, lanes: LANES, slowestLetGoMs: Math.round(slowest), calls: calls.length },
    );
  });
});
