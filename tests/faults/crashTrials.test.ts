import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJob } from '@talk-track/testing/server';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import { seededRandom } from '../../tooling/src/llm/seededRandom.ts';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { recordFigures } from '../support/figures.ts';
import { callArrived, callsPerChunk } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi, isTerminal } from '../support/routeApi.ts';
import { waitFor } from '../support/waitFor.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

// 20 jobs of 55 slides (11 chunks of 5), each with its worker SIGKILLed while the LLM call for a
// random chunk is in flight — the worst moment: that chunk's answer is lost. The host does nothing
// but what a browser does (start, then a status read every 300 ms) and the platform does what it
// does (the next invocation gets a fresh process at the same URL); the status reads notice the
// expired lease and re-invoke the worker.
const TRIALS = 20;
const SLIDES = 55;
const TOTAL_CHUNKS = 11;
const SEED = 20_261_128;
// Short so a trial takes seconds: the dead worker's job is resumable 2 s after its last heartbeat or save.
const LEASE_SECONDS = 2;
// One LLM call at a time, so a kill can lose at most one chunk (with N lanes it loses at most N).
const CHUNK_CONCURRENCY = 1;

interface Trial {
  trial: number;
  killAtChunk: number;
  savedAtKill: number;
  completed: boolean;
  regenerated: number[];
  /** From the kill to the status read that saw the job completed. */
  recoveryMs: number;
  claims: number;
  /** Worker invocations the route handler made for the job: its start, then revivals from status reads. */
  invocations: number;
  error?: string;
}

let stack: WorkerStack;
let worker: WorkerProcess;
let api: RouteApi;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: { latencyMs: 75 },
    workerEnv: {
      TALK_TRACK_LEASE_SECONDS: String(LEASE_SECONDS),
      TALK_TRACK_CHUNK_CONCURRENCY: String(CHUNK_CONCURRENCY),
    },
  });
  worker = await stack.startDeno();
  // A revival that hit the worker while it was restarting is retried half a second later, not five.
  api = createRouteApi({
    store: stack.store,
    workerUrl: worker.url,
    workerKey: stack.key,
    staleJobs: { reviveThrottleMs: 500 },
  });
});
afterAll(() => stack?.close());

async function runTrial(trial: number, killAtChunk: number): Promise<Trial> {
  const title = `Crash trial ${trial}`;
  const jobId = await api.startJob(stack.userId, sampleDeck(SLIDES, { id: `deck-crash-${trial}`, title }));
  const polling = api.poll(stack.userId, jobId, isTerminal, { timeoutMs: 30_000 });
  // Settled below; until then a rejection must not surface as unhandled.
  polling.catch(() => {});

  await waitFor(`the LLM call for chunk ${killAtChunk} of trial ${trial}`, () =>
    callArrived(stack.llm.stats, title, killAtChunk),
  );
  worker.kill('SIGKILL');
  await worker.exited;
  const killedAt = Date.now();
  const savedAtKill = (await stack.store.listChunks(jobId)).map((chunk) => chunk.chunkIndex);
  // The platform's part: a new invocation runs in a fresh process, same URL.
  worker = await stack.startDeno({ port: worker.port });

  const { snapshot } = await polling;
  const recoveryMs = Date.now() - killedAt;
  const calls = callsPerChunk(stack.llm.stats, title);
  const job = await readJob(stack.db.sql, jobId);
  const completeTalkTrack =
    snapshot.status === 'completed' &&
    snapshot.result?.slides.length === SLIDES &&
    snapshot.result.slides.every((slide, index) => slide.index === index);
  const problems = [
    !completeTalkTrack && `ended ${snapshot.status} (${snapshot.error?.message ?? 'no error'})`,
    calls.size !== TOTAL_CHUNKS && `only chunks ${[...calls.keys()].join(',')} were called`,
    ...savedAtKill
      .filter((index) => calls.get(index) !== 1)
      .map((index) => `chunk ${index} was saved before the kill yet called ${calls.get(index)} times`),
  ].filter(Boolean);
  return {
    trial,
    killAtChunk,
    savedAtKill: savedAtKill.length,
    completed: completeTalkTrack,
    regenerated: [...calls].filter(([, count]) => count > 1).map(([index]) => index),
    recoveryMs,
    claims: job.attempts,
    invocations: api.invocations.filter((id) => id === jobId).length,
    ...(problems.length ? { error: problems.join('; ') } : {}),
  };
}

describe('the worker SIGKILLed at a random chunk', () => {
  it(
    `recovers every job through status reads alone, regenerating at most one chunk per kill (${TRIALS} trials)`,
    { timeout: 240_000 },
    async () => {
      const random = seededRandom(SEED);
      const trials: Trial[] = [];
      for (let trial = 1; trial <= TRIALS; trial++) {
        const killAtChunk = Math.floor(random() * TOTAL_CHUNKS);
        stack.llm.setLatencyMs(50 + Math.floor(random() * 51));
        // A failed trial is recorded, not thrown, so the figures tell how many of the 20 held.
        trials.push(
          await runTrial(trial, killAtChunk).catch((error: unknown): Trial => ({
            trial,
            killAtChunk,
            savedAtKill: -1,
            completed: false,
            regenerated: [],
            recoveryMs: -1,
            claims: -1,
            invocations: -1,
            error: String(error),
          })),
        );
      }

      const completed = trials.filter((t) => t.completed).length;
      const regenerated = trials.reduce((sum, t) => sum + t.regenerated.length, 0);
      const maxPerKill = Math.max(...trials.map((t) => t.regenerated.length));
      const recovery = trials
        .filter((t) => t.completed)
        .map((t) => t.recoveryMs)
        .sort((a, b) => a - b);
      const median = recovery[Math.floor(recovery.length / 2)] ?? -1;
      await recordFigures(
        'crashRecovery',
        `crash recovery: ${completed}/${TRIALS} completed, ${regenerated} chunks regenerated over ${TRIALS} kills (max ${maxPerKill} per kill); kill → completed median ${median} ms, max ${recovery.at(-1)} ms (lease ${LEASE_SECONDS} s, status read every 300 ms)`,
        {
          trials: TRIALS,
          completed,
          kills: TRIALS,
          regeneratedChunks: regenerated,
          maxRegeneratedPerKill: maxPerKill,
          medianRecoveryMs: median,
          maxRecoveryMs: recovery.at(-1),
          leaseSeconds: LEASE_SECONDS,
          chunkConcurrency: CHUNK_CONCURRENCY,
          slides: SLIDES,
          perTrial: trials,
        },
      );

      expect(trials.filter((t) => t.error)).toEqual([]);
      expect(completed).toBe(TRIALS);
      expect(maxPerKill).toBeLessThanOrEqual(1);
      // Each job was claimed twice: by the first invocation, and by the one a status read started.
      expect(trials.map((t) => t.claims)).toEqual(Array(TRIALS).fill(2));
      expect(trials.every((t) => t.invocations >= 2)).toBe(true);
    },
  );
});
