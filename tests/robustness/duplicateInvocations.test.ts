import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { recordFigures } from '../support/figures.ts';
import { callArrived, callsPerChunk } from '../support/llmCalls.ts';
import { waitFor } from '../support/waitFor.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const SLIDES = 55;
const TOTAL_CHUNKS = 11;
const INVOCATIONS = 10;

// Two function processes, as two isolates of the platform: the invocations race each other in
// the database, not only inside one process.
let stack: WorkerStack;
let isolates: WorkerProcess[];
beforeAll(async () => {
  stack = await startWorkerStack({ llm: { latencyMs: 50 } });
  isolates = [await stack.startDeno(), await stack.startDeno()];
});
afterAll(() => stack?.close());

/** `INVOCATIONS` calls for the same job at once, alternating between the processes. */
async function invokeAtOnce(jobId: string): Promise<boolean[]> {
  const answers = await Promise.all(
    Array.from({ length: INVOCATIONS }, (_, i) => stack.invoke(isolates[i % isolates.length]!, jobId)),
  );
  expect(answers.map((answer) => answer.status)).toEqual(Array(INVOCATIONS).fill(202));
  return Promise.all(answers.map(async (answer) => ((await answer.json()) as { accepted: boolean }).accepted));
}

describe(`${INVOCATIONS} simultaneous invocations for one job`, () => {
  it('start one run, and every chunk is generated exactly once', async () => {
    const job = await stack.createJob(SLIDES);
    const title = job.input!.title;
    const accepted = await invokeAtOnce(job.id);
    expect(accepted.filter(Boolean)).toHaveLength(1);

    // Another burst while the run holds its lease: all refused.
    await waitFor('chunk 3 in flight', () => callArrived(stack.llm.stats, title, 3));
    const midRun = await invokeAtOnce(job.id);
    expect(midRun.filter(Boolean)).toHaveLength(0);

    const { job: done } = await stack.waitForJob(job.id, (j) => j.status === 'completed');
    expect(done.result!.slides).toHaveLength(SLIDES);
    expect(done.attempts).toBe(1);
    const calls = callsPerChunk(stack.llm.stats, title);
    expect([...calls.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL_CHUNKS }, (_, i) => i));
    expect([...calls.values()]).toEqual(Array(TOTAL_CHUNKS).fill(1));

    await recordFigures(
      'duplicateInvocations',
      `duplicates: ${INVOCATIONS} simultaneous invocations (2 processes) → ${accepted.filter(Boolean).length} run; ${INVOCATIONS} more mid-run → ${midRun.filter(Boolean).length}; ${TOTAL_CHUNKS} chunks, ${[...calls.values()].reduce((a, b) => a + b, 0)} LLM calls`,
      {
        invocations: INVOCATIONS,
        processes: isolates.length,
        acceptedAtStart: accepted.filter(Boolean).length,
        acceptedMidRun: midRun.filter(Boolean).length,
        chunks: TOTAL_CHUNKS,
        llmCalls: [...calls.values()].reduce((a, b) => a + b, 0),
      },
    );
  });
});
