import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '@talk-track/core';
import { POSTGRES_CLIENT_OPTIONS } from '@talk-track/server';
import { readJob } from '@talk-track/testing/server';
import { SAVE_RETRY_DELAYS_MS } from '@talk-track/testing/internals';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { recordFigures } from '../support/figures.ts';
import { callArrived, callsPerChunk } from '../support/llmCalls.ts';
import { type RestartableDatabase, startRestartableDatabase } from '../support/restartableDatabase.ts';
import { type RouteApi, type StatusRead, createRouteApi, isTerminal } from '../support/routeApi.ts';
import { waitFor, waitForAsync } from '../support/waitFor.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const SLIDES = 55;
const TOTAL_CHUNKS = 11;
const CHUNK_CONCURRENCY = 3;
// Outlives a restart of a few seconds (heartbeats every 3.3 s), and is about gone by the time a
// run that gave up during a long outage (~8 s of save retries) sees the database back.
const LEASE_SECONDS = 10;
// The worker's default beat (workerConfig: a third of the lease). A missed beat during the outage
// means the lease may have been extended last this long before the database stopped.
const HEARTBEAT_INTERVAL_MS = Math.floor((LEASE_SECONDS * 1000) / 3);
// The pool's longest wait between reconnects: the database is usable this long after it is back.
const RECONNECT_MS = POSTGRES_CLIENT_OPTIONS.backoff(Number.POSITIVE_INFINITY) * 1000;
// When a chunk's save is tried again, counted from its first failure.
const SAVE_RETRY_AT_MS = SAVE_RETRY_DELAYS_MS.map((_, i) =>
  SAVE_RETRY_DELAYS_MS.slice(0, i + 1).reduce((a, b) => a + b, 0),
);
/**
 * The longest restart the worker is sure to ride out with nothing generated twice: the pool must be
 * back before the last save retry that still falls inside the lease (which may end a beat short of
 * LEASE_SECONDS after the stop). Longer, and the retry that would have saved the answers in flight
 * may come after the lease lapsed, so a status read legitimately revives the job in a second run,
 * which generates those answers again. The test checks what its measured restart guarantees.
 */
const RIDDEN_OUT_MS =
  Math.max(...SAVE_RETRY_AT_MS.filter((at) => at < LEASE_SECONDS * 1000 - HEARTBEAT_INTERVAL_MS)) - RECONNECT_MS;
const UNAVAILABLE = { status: 503, code: 'service_unavailable' };
// A status read while the database is away must still answer well inside a serverless limit
// (Vercel Hobby's old 10 s): at once, with a 503 the client retries.
const MAX_READ_MS_WHILE_DOWN = 2_000;

let database: RestartableDatabase;
let stack: WorkerStack;
let worker: WorkerProcess;
let api: RouteApi;
// Down between stopServer and startServer: a test that fails in between must not leave the next one without a database.
let databaseDown = false;
const figures: Record<string, unknown> = {};
beforeAll(async () => {
  database = await startRestartableDatabase();
  stack = await startWorkerStack({
    database,
    llm: { latencyMs: 150 },
    workerEnv: {
      TALK_TRACK_LEASE_SECONDS: String(LEASE_SECONDS),
      TALK_TRACK_CHUNK_CONCURRENCY: String(CHUNK_CONCURRENCY),
    },
  });
  worker = await stack.startDeno();
  api = createRouteApi({
    store: stack.store,
    workerUrl: worker.url,
    workerKey: stack.key,
    staleJobs: { reviveThrottleMs: 500 },
  });
});
afterEach(async () => {
  if (!databaseDown) return;
  await startDatabase();
  // The pool reconnects within a backoff of the server being back; until then the next test's start would answer 503.
  await waitForAsync('the job database to answer again', () =>
    database.sql`select 1`.then(
      () => true,
      () => false,
    ),
  );
});
afterAll(async () => {
  const short = figures.restart as { downMs: number; riddenOut: boolean; regeneratedChunks: number } | undefined;
  const long = figures.longOutage as { downMs: number; regeneratedChunks: number } | undefined;
  if (short && long) {
    await recordFigures(
      'databaseRestart',
      `database restart: routes answered 503 (never 500) while it was down; a ${short.downMs} ms restart ${short.riddenOut ? 'was ridden out by the worker' : `outlasted the ${RIDDEN_OUT_MS} ms the lease guarantees`} (${short.regeneratedChunks} chunks regenerated), a ${long.downMs} ms outage ended the run and a status read resumed it (${long.regeneratedChunks} regenerated); both jobs completed`,
      figures,
    );
  }
  await stack?.close();
});

async function startDatabase() {
  await database.startServer();
  databaseDown = false;
}

const errorOf = async (response: Response) => ({
  status: response.status,
  code: ((await response.json()) as ApiErrorBody).code,
});

/** Starts a 55-slide job through the route, polls it like a browser, and stops the database once chunks 0–3 are done and chunk 4 is in flight. */
async function jobWithDatabaseStopped(title: string) {
  const jobId = await api.startJob(stack.userId, sampleDeck(SLIDES, { id: `deck-${title}`, title }));
  let sawUnavailable = false;
  const polling = api.poll(stack.userId, jobId, isTerminal, {
    timeoutMs: 45_000,
    onRead: (read: StatusRead) => {
      sawUnavailable ||= read.status === 503;
    },
  });
  polling.catch(() => {});
  await waitFor(`chunk 4 of "${title}" in flight`, () => callArrived(stack.llm.stats, title, 4));
  const savedBefore = (await stack.store.listChunks(jobId)).map((chunk) => chunk.chunkIndex);
  const outputBefore = worker.output().length;
  await database.stopServer();
  databaseDown = true;
  return {
    jobId,
    polling,
    savedBefore,
    stoppedAt: Date.now(),
    sawUnavailable: () => sawUnavailable,
    workerSaid: (text: string) =>
      worker
        .output()
        .slice(outputBefore)
        .some((line) => line.includes(text)),
  };
}

async function outcome(title: string, jobId: string, savedBefore: number[], reads: StatusRead[]) {
  const calls = callsPerChunk(stack.llm.stats, title);
  const workerAlive = await Promise.race([
    worker.exited.then(() => false),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(true))),
  ]);
  return {
    calls,
    savedBefore,
    regenerated: [...calls].filter(([, count]) => count > 1).map(([index]) => index),
    claims: (await readJob(stack.db.sql, jobId)).attempts,
    readsWhileDown: reads.filter((read) => read.status !== 200),
    slowestReadMs: Math.max(...reads.map((read) => read.ms)),
    workerAlive,
  };
}

describe('the job database restarting while a job runs', () => {
  it('restart: every route answers 503, the worker waits to save its answers, and the job completes in the same run', async () => {
    const title = 'Quick restart';
    const job = await jobWithDatabaseStopped(title);
    const whileDown = {
      status: await errorOf(await api.status(stack.userId, job.jobId)),
      start: await errorOf(await api.start(stack.userId, sampleDeck(5, { id: 'deck-while-down' }))),
      cancel: await errorOf(await api.cancel(stack.userId, job.jobId)),
      retry: await errorOf(await api.retry(stack.userId, job.jobId)),
      // A fresh invocation cannot claim the job: the worker answers 503 with the same code.
      invoke: await errorOf(await stack.invoke(worker, job.jobId)),
    };
    // Down until the client has seen it, a save was retried and a heartbeat missed: a restart of a few seconds.
    await waitFor(
      'a 503 for the client, a retried save and a missed heartbeat',
      () => job.sawUnavailable() && job.workerSaid('chunk save failed; retrying') && job.workerSaid('heartbeat failed'),
    );
    await startDatabase();
    const downMs = Date.now() - job.stoppedAt;

    const { snapshot, reads } = await job.polling;
    const result = await outcome(title, job.jobId, job.savedBefore, reads);
    const riddenOut = downMs < RIDDEN_OUT_MS;
    figures.restart = {
      downMs,
      riddenOutBelowMs: RIDDEN_OUT_MS,
      riddenOut,
      slotAskedAgain: job.workerSaid('could not get an LLM slot; asking again'),
      status: snapshot.status,
      regeneratedChunks: result.regenerated.length,
      claims: result.claims,
      whileDown,
      clientReadsAnswered503: result.readsWhileDown.length,
      slowestReadMs: result.slowestReadMs,
    };

    expect(whileDown).toEqual({
      status: UNAVAILABLE,
      start: UNAVAILABLE,
      cancel: UNAVAILABLE,
      retry: UNAVAILABLE,
      invoke: UNAVAILABLE,
    });
    expect(result.readsWhileDown.length).toBeGreaterThanOrEqual(1);
    expect(result.readsWhileDown.every((read) => read.status === 503 && read.code === 'service_unavailable')).toBe(
      true,
    );
    expect(Math.max(...result.readsWhileDown.map((read) => read.ms))).toBeLessThan(MAX_READ_MS_WHILE_DOWN);
    expect(api.logger.lines.some((line) => line.level === 'error' && line.message.includes('answering 503'))).toBe(
      true,
    );
    expect(result.workerAlive).toBe(true);

    expect(snapshot.status).toBe('completed');
    expect(snapshot.result!.slides.map((slide) => slide.index)).toEqual(Array.from({ length: SLIDES }, (_, i) => i));
    expect(result.calls.size).toBe(TOTAL_CHUNKS);
    if (riddenOut) {
      // The answers that arrived while the database was away were saved once it was back: nothing
      // generated twice, and the first invocation finished the job.
      expect(result.regenerated, `a ${downMs} ms restart (under ${RIDDEN_OUT_MS} ms) is ridden out`).toEqual([]);
      expect(result.claims).toBe(1);
      expect(job.workerSaid('job run crashed')).toBe(false);
    } else {
      // The machine made the restart outlast what the lease guarantees: a second run may have taken
      // over. Still, nothing saved is generated again and at most the answers in flight are.
      for (const index of job.savedBefore)
        expect(result.calls.get(index), `chunk ${index} was saved before the restart`).toBe(1);
      expect(result.regenerated.length).toBeLessThanOrEqual(CHUNK_CONCURRENCY);
      expect(result.claims).toBeLessThanOrEqual(2);
    }
  });

  it('long outage: the run gives up after its save retries, and a status read resumes the job once the database is back', async () => {
    const title = 'Long outage';
    const job = await jobWithDatabaseStopped(title);
    await waitFor('the worker to give up the run', () => job.workerSaid('job run crashed'), 30_000);
    await startDatabase();
    const downMs = Date.now() - job.stoppedAt;

    const { snapshot, reads } = await job.polling;
    const result = await outcome(title, job.jobId, job.savedBefore, reads);
    figures.longOutage = {
      downMs,
      status: snapshot.status,
      regeneratedChunks: result.regenerated.length,
      claims: result.claims,
      clientReadsAnswered503: result.readsWhileDown.length,
      slowestReadMs: result.slowestReadMs,
    };

    expect(result.readsWhileDown.length).toBeGreaterThanOrEqual(1);
    expect(result.readsWhileDown.every((read) => read.status === 503 && read.code === 'service_unavailable')).toBe(
      true,
    );
    expect(Math.max(...result.readsWhileDown.map((read) => read.ms))).toBeLessThan(MAX_READ_MS_WHILE_DOWN);
    expect(result.workerAlive).toBe(true);

    expect(snapshot.status).toBe('completed');
    expect(snapshot.result!.slides.map((slide) => slide.index)).toEqual(Array.from({ length: SLIDES }, (_, i) => i));
    expect(result.calls.size).toBe(TOTAL_CHUNKS);
    for (const index of job.savedBefore)
      expect(result.calls.get(index), `chunk ${index} was saved before the outage`).toBe(1);
    // At most the answers held by the run's lanes when it gave up are generated again.
    expect(result.regenerated.length).toBeLessThanOrEqual(CHUNK_CONCURRENCY);
    expect(result.claims).toBe(2);
  });
});
