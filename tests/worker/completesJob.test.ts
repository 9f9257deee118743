import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

let stack: WorkerStack;
beforeAll(async () => {
  stack = await startWorkerStack({ llm: { latencyMs: 40 } });
});
afterAll(() => stack?.close());

describe('the edge function under Deno', () => {
  it('completes a 55-slide job in chunks, with progress that only rises, and a talk track in deck order', async () => {
    const worker = await stack.startDeno();
    const job = await stack.createJob(55);
    expect(job.totalChunks).toBe(11);

    const response = await stack.invoke(worker, job.id);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: true, jobId: job.id });

    const { job: done, seen } = await stack.waitForJob(
      job.id,
      (j) => j.status !== 'pending' && j.status !== 'processing',
    );
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(100);
    expect(done.currentChunk).toBe(11);
    expect(done.totalChunks).toBe(11);
    expect(done.errorCode).toBeNull();
    // The usage ledger: one call per chunk, the API's tokens per chunk adding up to the job's.
    expect(done.llmCalls).toBe(11);
    const [perChunk] = await stack.db.sql<{ tokens_in: string; tokens_out: string; zero: number }[]>`
      select sum(tokens_in)::text as tokens_in, sum(tokens_out)::text as tokens_out, count(*) filter (where tokens_in = 0 or tokens_out = 0)::int as zero
        from talk_track_chunks where job_id = ${job.id}`;
    expect(perChunk!.zero).toBe(0);
    expect({ tokensIn: done.tokensIn, tokensOut: done.tokensOut }).toEqual({
      tokensIn: Number(perChunk!.tokens_in),
      tokensOut: Number(perChunk!.tokens_out),
    });

    const progress = seen.map((j) => j.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Progress was seen between 0 and 100, not only at the ends.
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true);
    const chunksSeen = seen.map((j) => j.currentChunk);
    expect(chunksSeen).toEqual([...chunksSeen].sort((a, b) => a - b));
    expect(seen.filter((j) => j.status === 'processing').every((j) => j.progress < 100)).toBe(true);

    const result = done.result!;
    expect(result.slides).toHaveLength(55);
    expect(result.slides.map((s) => s.index)).toEqual(Array.from({ length: 55 }, (_, i) => i));
    expect(result.slides.map((s) => s.title)).toEqual(job.input!.slides.map((s) => s.title));
    expect(result.slides.every((s) => s.script.includes(s.title))).toBe(true);
    expect(result.opening).toContain(job.input!.title);
    expect(result.closing).toContain(job.input!.title);
    expect(result.totalDurationSeconds).toBe(result.slides.reduce((sum, s) => sum + s.durationSeconds, 0));

    // The run's timing is recorded for later estimates: the default model, 3 lanes, all 55 slides.
    const [timing] = await stack.db.sql<
      { model: string; lanes: number; slides: number; lane_seconds_per_slide: number }[]
    >`
      select model, lanes, slides, lane_seconds_per_slide from talk_track_job_timings order by id desc limit 1`;
    expect(timing).toMatchObject({ model: 'gpt-6-luna', lanes: 3, slides: 55 });
    expect(timing!.lane_seconds_per_slide).toBeGreaterThan(0);

    // One call per chunk: nothing generated twice.
    expect([...stack.llm.stats.callsPerChunk().values()]).toEqual(Array(11).fill(1));
    expect(stack.llm.stats.maxInFlight).toBeLessThanOrEqual(3);
    expect((await stack.store.listChunks(job.id)).map((c) => c.chunkIndex)).toEqual(
      Array.from({ length: 11 }, (_, i) => i),
    );
  });

  it('does no work for a second invocation of a job that is already claimed', async () => {
    const worker = stack.workers[0] ?? (await stack.startDeno());
    const job = await stack.createJob(12);
    const callsBefore = stack.llm.stats.totalCalls;

    const first = await (await stack.invoke(worker, job.id)).json();
    const second = await (await stack.invoke(worker, job.id)).json();
    expect(first).toEqual({ accepted: true, jobId: job.id });
    expect(second).toEqual({ accepted: false, jobId: job.id });

    const { job: done } = await stack.waitForJob(job.id, (j) => j.status === 'completed');
    expect(done.attempts).toBe(1);
    expect(stack.llm.stats.totalCalls - callsBefore).toBe(3);

    // A finished job is not claimable either.
    expect(await (await stack.invoke(worker, job.id)).json()).toEqual({ accepted: false, jobId: job.id });
    expect(stack.llm.stats.totalCalls - callsBefore).toBe(3);
  });
});
