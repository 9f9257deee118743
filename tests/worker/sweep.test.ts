import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTalkTrackHandler, createEdgeFunctionInvoker } from '@talk-track/server';
import { BASE, getUserIdFromHeader, recordingLogger } from '@talk-track/testing/server';
import type { SweepResult } from '@talk-track/testing/internals';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const LEASE_SECONDS = 2;
/** How often the "cron" fires in this test; on Supabase it is every minute or so. */
const SWEEP_EVERY_MS = 300;

let stack: WorkerStack;
beforeAll(async () => {
  stack = await startWorkerStack({
    llm: { latencyMs: 120 },
    workerEnv: { TALK_TRACK_LEASE_SECONDS: String(LEASE_SECONDS), TALK_TRACK_CHUNK_CONCURRENCY: '1' },
  });
});
afterAll(() => stack?.close());

describe('(e) the scheduled sweep: nothing waits for a browser', () => {
  it("a worker killed mid-job, no status read at all: the sweep (the function's /sweep, on a timer) completes the job", async () => {
    const first = await stack.startDeno();
    const job = await stack.createJob(40);
    expect((await (await stack.invoke(first, job.id)).json()).accepted).toBe(true);
    await stack.waitForJob(job.id, (j) => j.currentChunk >= 3);
    first.kill('SIGKILL');
    await first.exited;

    const second = await stack.startDeno();
    const sweeps: SweepResult[] = [];
    const sweep = async () => {
      const response = await fetch(`${second.url}/sweep`, { method: 'POST', headers: { apikey: stack.key } });
      expect(response.status).toBe(200);
      sweeps.push((await response.json()) as SweepResult);
    };
    await sweep();
    // The dead worker's lease is still live by the database's clock: nothing to re-kick yet.
    expect(sweeps[0]).toEqual({ invoked: [], failed: [] });

    const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
    try {
      const { job: done } = await stack.waitForJob(job.id, (j) => j.status === 'completed', 30_000);
      expect(done.result!.slides).toHaveLength(40);
      expect(done.attempts).toBe(2);
    } finally {
      clearInterval(timer);
    }
    expect(sweeps.filter((s) => s.invoked.includes(job.id)).length).toBeGreaterThanOrEqual(1);
    expect(sweeps.every((s) => s.failed.length === 0)).toBe(true);
  });

  it("a start whose invocation got lost is re-invoked by the function's /sweep; the route handler has no sweep and says where it is", async () => {
    const worker = await stack.startDeno();
    const invoker = createEdgeFunctionInvoker({ url: worker.url, key: stack.key });
    const handler = createTalkTrackHandler({
      store: stack.store,
      worker: invoker,
      getUserId: getUserIdFromHeader,
      logger: recordingLogger(),
    });
    for (const method of ['GET', 'POST', 'PUT']) {
      const answer = await handler.handle(
        new Request(`${BASE}/sweep`, { method, headers: { authorization: 'Bearer cron-secret' } }),
      );
      expect(answer.status).toBe(404);
      expect(((await answer.json()) as { message: string }).message).toMatch(/generate-talk-track function's \/sweep/);
    }

    // A start whose invocation got lost: pending, never claimed, past the grace period.
    const lost = await stack.createJob(5);
    await stack.db.sql.begin(async (tx) => {
      // Past the trigger that stamps updated_at, as if the start had happened a minute ago.
      await tx`set local session_replication_role = replica`;
      await tx`update talk_track_jobs set updated_at = now() - interval '1 minute' where id = ${lost.id}`;
    });
    const answer = await fetch(`${worker.url}/sweep`, { method: 'POST', headers: { apikey: stack.key } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as SweepResult).invoked).toContain(lost.id);
    const { job: done } = await stack.waitForJob(lost.id, (j) => j.status === 'completed');
    expect(done.attempts).toBe(1);
  });
});
