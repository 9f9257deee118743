import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

// Five attempts per chunk and four faults in the whole run below: no chunk can run out of attempts.
const MAX_ATTEMPTS = 5;

let stack: WorkerStack;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: { latencyMs: 30 },
    workerEnv: { TALK_TRACK_MAX_ATTEMPTS: String(MAX_ATTEMPTS), TALK_TRACK_LLM_TIMEOUT_MS: '1000' },
  });
});
afterAll(() => stack?.close());

describe('LLM failures', () => {
  it('retries a 429, a 500, a timeout and an invalid answer, and still completes', async () => {
    stack.llm.setFaults({
      sequence: ['rate_limit', null, 'server_error', 'hang', null, 'invalid_output'],
      retryAfterSeconds: 0.05,
    });
    const worker = await stack.startDeno();
    const job = await stack.createJob(40);
    await stack.invoke(worker, job.id);

    const { job: done } = await stack.waitForJob(job.id, (j) => j.status !== 'pending' && j.status !== 'processing');
    expect(done.status).toBe('completed');
    expect(done.result!.slides).toHaveLength(40);
    const stats = stack.llm.stats;
    for (const fault of ['rate_limit', 'server_error', 'hang', 'invalid_output'] as const)
      expect(stats.count(fault), fault).toBe(1);
    // Each chunk was answered exactly once; the faults only cost extra attempts.
    expect(stats.answeredChunks().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(stats.totalCalls).toBe(8 + 4);
    const retries = worker.output().filter((line) => line.includes('chunk attempt failed'));
    expect(retries.map((line) => JSON.parse(line).code).sort()).toEqual([
      'llm_invalid_output',
      'llm_rate_limited',
      'llm_timeout',
      'llm_unavailable',
    ]);
  });

  it('fails the job with an error code and a readable message when every call fails, keeping the saved chunks', async () => {
    stack.llm.setFaults({});
    const worker = stack.workers[0]!;
    const job = await stack.createJob(40);
    await stack.invoke(worker, job.id);
    await stack.waitForJob(job.id, (j) => j.currentChunk >= 2);
    stack.llm.setFaults({ failAll: 'server_error' });

    const { job: failed } = await stack.waitForJob(job.id, (j) => j.status !== 'processing');
    expect(failed.status).toBe('failed');
    expect(failed.errorCode).toBe('llm_unavailable');
    expect(failed.errorMessage).toBe(
      `The AI service had errors and did not answer after ${MAX_ATTEMPTS} attempts. Your finished slides are kept; press Retry to continue.`,
    );
    expect(failed.completedAt).not.toBeNull();
    expect(failed.leaseOwner).toBeNull();
    const chunks = await stack.store.listChunks(job.id);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.length).toBeLessThan(8);
    expect(failed.currentChunk).toBe(chunks.length);
    expect(failed.progress).toBe(Math.floor((100 * chunks.length) / 8));
  });

  it('fails at once, without retrying, when the LLM refuses the key', async () => {
    const strict = await startWorkerStack({ llm: { apiKey: 'sk-the-real-one' } });
    try {
      const worker = await strict.startDeno();
      const job = await strict.createJob(10);
      await strict.invoke(worker, job.id);
      const { job: failed } = await strict.waitForJob(job.id, (j) => j.status === 'failed');
      expect(failed.errorCode).toBe('llm_auth');
      expect(failed.errorMessage).toMatch(/credentials/);
      // Both chunks start together; each is tried once.
      expect(strict.llm.stats.count('unauthorized')).toBe(2);
      expect(strict.llm.stats.totalCalls).toBe(2);
    } finally {
      await strict.close();
    }
  });
});
