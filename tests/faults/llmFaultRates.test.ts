import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import { recordFigures } from '../support/figures.ts';
import { answersPerChunk } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi, isTerminal } from '../support/routeApi.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

// Ten 55-slide jobs at once against an LLM where 30 % of calls answer 429 or 500 and 5 % never
// answer. The hanging calls outlast the worker's LLM timeout, so each costs a full timeout.
const JOBS = 10;
const SLIDES = 55;
const TOTAL_CHUNKS = 11;
const RATE_LIMIT_RATE = 0.15;
const SERVER_ERROR_RATE = 0.15;
const HANG_RATE = 0.05;
const LLM_TIMEOUT_MS = 800;
// 35 % of calls fail. With the default 4 attempts a chunk fails for good with p = 0.35^4 ≈ 1.5 %,
// so some job of ten would fail in most runs (it would end `failed`, and Retry resumes it: see
// tests/robustness). With 12, the chance that any of the 110 chunks draws 12 faults in a row is
// 110 · 0.35^12 ≈ 4·10⁻⁴.
const MAX_ATTEMPTS = 12;

let stack: WorkerStack;
let api: RouteApi;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: {
      latencyMs: 60,
      seed: 30_05,
      faults: {
        rateLimitRate: RATE_LIMIT_RATE,
        serverErrorRate: SERVER_ERROR_RATE,
        hangRate: HANG_RATE,
        retryAfterSeconds: 0.1,
      },
    },
    workerEnv: { TALK_TRACK_LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS), TALK_TRACK_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
  });
  const worker = await stack.startDeno();
  api = createRouteApi({ store: stack.store, workerUrl: worker.url, workerKey: stack.key });
});
afterAll(() => stack?.close());

describe('an LLM that fails 30 % of calls and hangs on 5 %', () => {
  it(`completes all ${JOBS} jobs, each chunk answered once`, async () => {
    const titles = Array.from({ length: JOBS }, (_, i) => `Faulty LLM job ${i + 1}`);
    const jobIds = await Promise.all(
      titles.map((title, i) => api.startJob(stack.userId, sampleDeck(SLIDES, { id: `deck-faulty-${i}`, title }))),
    );
    const finals = await Promise.all(
      jobIds.map((jobId) => api.poll(stack.userId, jobId, isTerminal, { timeoutMs: 45_000 })),
    );
    // Calls the worker gave up on are closed by now or soon; count them once they are.
    await stack.llm.stats.whenIdle();

    const stats = stack.llm.stats;
    const completed = finals.filter(
      ({ snapshot }) => snapshot.status === 'completed' && snapshot.result?.slides.length === SLIDES,
    ).length;
    const faults = {
      rateLimited: stats.count('rate_limit'),
      serverErrors: stats.count('server_error'),
      hung: stats.count('hang'),
    };
    const share = (n: number) => n / stats.totalCalls;
    const percent = (n: number) => `${Math.round(100 * share(n))} %`;
    await recordFigures(
      'llmFaults',
      `LLM faults: ${completed}/${JOBS} jobs completed over ${stats.totalCalls} calls (${faults.rateLimited} × 429, ${faults.serverErrors} × 500 = ${percent(faults.rateLimited + faults.serverErrors)}; ${faults.hung} hung past the ${LLM_TIMEOUT_MS} ms timeout = ${percent(faults.hung)}), every chunk answered once`,
      {
        jobs: JOBS,
        completed,
        slides: SLIDES,
        totalCalls: stats.totalCalls,
        ...faults,
        llmTimeoutMs: LLM_TIMEOUT_MS,
        maxAttempts: MAX_ATTEMPTS,
      },
    );

    expect(finals.map(({ snapshot }) => snapshot.status)).toEqual(Array(JOBS).fill('completed'));
    expect(completed).toBe(JOBS);
    // The faults happened at about the configured rates.
    expect(share(faults.rateLimited + faults.serverErrors)).toBeGreaterThan(0.2);
    expect(share(faults.rateLimited + faults.serverErrors)).toBeLessThan(0.4);
    expect(faults.hung).toBeGreaterThanOrEqual(1);
    // Faults cost attempts, never a second answer for the same chunk.
    for (const title of titles)
      expect([...answersPerChunk(stats, title).values()], title).toEqual(Array(TOTAL_CHUNKS).fill(1));
  });
});
