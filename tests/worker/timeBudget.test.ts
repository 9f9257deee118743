import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

let stack: WorkerStack;
beforeAll(async () => {
  stack = await startWorkerStack({
    // 11 chunks one at a time at ~300 ms each is ~3.3 s of work against a 1.5 s budget.
    llm: { latencyMs: 300 },
    workerEnv: { TALK_TRACK_TIME_BUDGET_MS: '1500', TALK_TRACK_CHUNK_CONCURRENCY: '1' },
  });
});
afterAll(() => stack?.close());

describe('a job longer than the time budget', () => {
  it('is handed from invocation to invocation until it completes', async () => {
    const worker = await stack.startDeno();
    const job = await stack.createJob(55);
    expect((await (await stack.invoke(worker, job.id)).json()).accepted).toBe(true);

    const { job: done, seen } = await stack.waitForJob(job.id, (j) => j.status === 'completed', 30_000);
    // Every invocation claims the job once: attempts counts invocations.
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    expect(done.attempts).toBeLessThanOrEqual(5);
    const handOffs = worker.output().filter((line) => line.includes('time budget reached')).length;
    expect(handOffs).toBe(done.attempts - 1);
    expect(done.result!.slides).toHaveLength(55);

    // Hand-offs lose nothing and repeat nothing; progress keeps rising across them.
    expect([...stack.llm.stats.callsPerChunk().values()]).toEqual(Array(11).fill(1));
    const progress = seen.map((j) => j.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
