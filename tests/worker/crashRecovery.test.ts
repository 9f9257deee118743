import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJob } from '@talk-track/testing/server';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const LEASE_SECONDS = 2;

let stack: WorkerStack;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: { latencyMs: 120 },
    // One chunk in flight at a time, so a kill loses at most that one.
    workerEnv: { TALK_TRACK_LEASE_SECONDS: String(LEASE_SECONDS), TALK_TRACK_CHUNK_CONCURRENCY: '1' },
  });
});
afterAll(() => stack?.close());

describe('a worker killed mid-job', () => {
  it('is resumed by a fresh invocation after its lease expires, without regenerating saved chunks', async () => {
    const first = await stack.startDeno();
    const job = await stack.createJob(55);
    expect((await (await stack.invoke(first, job.id)).json()).accepted).toBe(true);

    await stack.waitForJob(job.id, (j) => j.currentChunk >= 4);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const atCrash = await readJob(stack.db.sql, job.id);
    const savedAtCrash = (await stack.store.listChunks(job.id)).map((c) => c.chunkIndex);
    expect(atCrash.status).toBe('processing');
    expect(atCrash.progress).toBeGreaterThan(0);
    expect(savedAtCrash.length).toBeGreaterThanOrEqual(4);
    expect(savedAtCrash.length).toBeLessThan(11);

    // While the dead worker's lease is live, a fresh invocation may not take the job.
    const second = await stack.startDeno();
    const early = Date.parse(atCrash.leaseExpiresAt!) - Date.now();
    if (early > 200)
      expect(await (await stack.invoke(second, job.id)).json()).toEqual({ accepted: false, jobId: job.id });

    // Lease expiry is a point in time, not an event: wait until just past it.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(atCrash.leaseExpiresAt!) - Date.now() + 50)),
    );
    expect(await (await stack.invoke(second, job.id)).json()).toEqual({ accepted: true, jobId: job.id });

    const { job: done, seen } = await stack.waitForJob(job.id, (j) => j.status === 'completed');
    expect(done.result!.slides.map((s) => s.index)).toEqual(Array.from({ length: 55 }, (_, i) => i));
    expect(done.attempts).toBe(2);
    const progress = [atCrash.progress, ...seen.map((j) => j.progress)];
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const calls = stack.llm.stats.callsPerChunk();
    for (const index of savedAtCrash) expect(calls.get(index), `chunk ${index} was saved before the crash`).toBe(1);
    const regenerated = [...calls].filter(([, count]) => count > 1).map(([index]) => index);
    expect(regenerated.length).toBeLessThanOrEqual(1);
    expect(calls.size).toBe(11);
  });

  it('stopped with SIGTERM, gives its lease back so a fresh invocation resumes at once', async () => {
    const first = await stack.startDeno();
    const job = await stack.createJob(30);
    expect((await (await stack.invoke(first, job.id)).json()).accepted).toBe(true);
    await stack.waitForJob(job.id, (j) => j.currentChunk >= 2);

    first.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const stopped = await readJob(stack.db.sql, job.id);
    expect(stopped.status).toBe('processing');
    expect(Date.parse(stopped.leaseExpiresAt!)).toBeLessThanOrEqual(Date.now());
    expect(first.output().some((line) => line.includes('lease released, handing over to the next invocation'))).toBe(
      true,
    );

    const second = await stack.startDeno();
    expect(await (await stack.invoke(second, job.id)).json()).toEqual({ accepted: true, jobId: job.id });
    const { job: done } = await stack.waitForJob(job.id, (j) => j.status === 'completed');
    expect(done.result!.slides).toHaveLength(30);
    expect(done.attempts).toBe(2);
  });
});
