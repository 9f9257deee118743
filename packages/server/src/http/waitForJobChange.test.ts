import { randomUUID } from 'node:crypto';
import type { JobSnapshot } from '@talk-track/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import type { JobStore } from '../jobStore.ts';
import { createPostgresJobStore } from '../stores/postgresJobStore.ts';
import { silentLogger } from '../shared/logger.ts';
import { createTalkTrackHandler, type TalkTrackHandler } from './createTalkTrackHandler.ts';
import { apiRequest, deckInput as deck, getUserIdFromHeader, recordingWorker } from '@talk-track/testing/server';
import { LONG_POLL_CHECK_MS, MAX_WAIT_FOR_CHANGE_MS, readWaitForChange } from './waitForJobChange.ts';

const alice = randomUUID();
const WAIT_MS = 2_000;

const db = useTestDatabase();
let store: JobStore;
let handler: TalkTrackHandler;
/** Reads of the job row the handler made (with or without its chunks): a held read re-reads it every check interval. */
let rowReads = 0;
let onRowRead = () => {};

/** Resolves once the handler has read job rows `count` more times (an event, not a wait). */
function rowReadsFromNow(count: number): Promise<void> {
  const target = rowReads + count;
  return new Promise((resolve) => {
    onRowRead = () => {
      if (rowReads >= target) resolve();
    };
  });
}

beforeAll(async () => {
  store = createPostgresJobStore(db.sql);
  const counted: JobStore = {
    ...store,
    getJobWithChunksForUser: (jobId, userId) => {
      rowReads++;
      onRowRead();
      return store.getJobWithChunksForUser(jobId, userId);
    },
    getJobForUser: (jobId, userId) => {
      rowReads++;
      onRowRead();
      return store.getJobForUser(jobId, userId);
    },
  };
  handler = createTalkTrackHandler({
    store: counted,
    getUserId: getUserIdFromHeader,
    worker: recordingWorker(),
    logger: silentLogger,
  });
});

/** A started and claimed 10-slide job (two chunks), as the client last saw it. */
async function runningJob(): Promise<{ snapshot: JobSnapshot; owner: string }> {
  const started = await handler.handle(
    apiRequest('', { user: alice, body: { deck: deck(10, { id: `deck-${randomUUID()}` }) } }),
  );
  const { jobId } = (await started.json()) as { jobId: string };
  const owner = randomUUID();
  await store.claimJob(jobId, owner, 60);
  const read = await handler.handle(apiRequest(`/${jobId}`, { user: alice }));
  return { snapshot: (await read.json()) as JobSnapshot, owner };
}

const chunk = (index: number) => ({
  slides: [0, 1, 2, 3, 4].map((i) => ({
    index: index * 5 + i,
    title: `Slide ${index * 5 + i + 1}`,
    script: 'Script',
    keyPoints: [],
    transition: '',
    durationSeconds: 30,
  })),
  opening: index === 0 ? 'Hello' : null,
  closing: null,
});

async function longPoll(
  snapshot: JobSnapshot,
  query = `waitForChangeMs=${WAIT_MS}&since=${encodeURIComponent(snapshot.updatedAt)}`,
  signal?: AbortSignal,
) {
  const readsBefore = rowReads;
  const started = performance.now();
  const request = apiRequest(`/${snapshot.id}?${query}`, { user: alice });
  const response = await handler.handle(signal ? new Request(request, { signal }) : request);
  return { response, ms: performance.now() - started, rowReads: rowReads - readsBefore };
}

describe('GET …/:id?waitForChangeMs=&since= (long-polling)', () => {
  it('holds the read while nothing changes and answers with the change at its next check', async () => {
    const { snapshot, owner } = await runningJob();
    const rechecked = rowReadsFromNow(3);
    let answered = false;
    const held = longPoll(snapshot).finally(() => (answered = true));
    await rechecked;
    expect(answered).toBe(false);
    await store.saveChunk(snapshot.id, owner, 0, chunk(0));

    const { response } = await held;
    expect(response.status).toBe(200);
    const body = (await response.json()) as JobSnapshot;
    expect(body).toMatchObject({ currentChunk: 1, progress: 50 });
    expect(body.slides).toHaveLength(5);
  });

  it('answers at once when the client is behind, and when the job has ended', async () => {
    const { snapshot, owner } = await runningJob();
    await store.saveChunk(snapshot.id, owner, 0, chunk(0));
    const behind = await longPoll(snapshot);
    expect(behind.rowReads).toBe(1);
    expect(((await behind.response.json()) as JobSnapshot).currentChunk).toBe(1);

    await store.cancelJob(snapshot.id, alice);
    const cancelled = (await (
      await handler.handle(apiRequest(`/${snapshot.id}`, { user: alice }))
    ).json()) as JobSnapshot;
    const ended = await longPoll(cancelled);
    expect(ended.rowReads).toBe(1);
    expect(((await ended.response.json()) as JobSnapshot).status).toBe('cancelled');
  });

  it('gives up after waitForChangeMs with the same snapshot', async () => {
    const { snapshot } = await runningJob();
    const {
      response,
      ms,
      rowReads: reads,
    } = await longPoll(snapshot, `waitForChangeMs=700&since=${encodeURIComponent(snapshot.updatedAt)}`);
    // Held the whole wait, re-reading once per check interval, never more.
    expect(ms).toBeGreaterThanOrEqual(690);
    expect(reads).toBeLessThanOrEqual(Math.ceil(700 / LONG_POLL_CHECK_MS) + 1);
    expect((await response.json()) as JobSnapshot).toEqual(snapshot);
  });

  it('stops holding as soon as the caller hangs up', async () => {
    const { snapshot } = await runningJob();
    const hangUp = new AbortController();
    const holding = rowReadsFromNow(2);
    const held = longPoll(
      snapshot,
      `waitForChangeMs=${MAX_WAIT_FOR_CHANGE_MS}&since=${encodeURIComponent(snapshot.updatedAt)}`,
      hangUp.signal,
    );
    await holding;
    const readsAtHangUp = rowReads;
    hangUp.abort();
    await held;
    // Held to the end, the read would have checked the row 16 times; it stopped at the hang-up.
    expect(rowReads - readsAtHangUp).toBeLessThanOrEqual(1);
  });

  it("answers at once without since, and another user's job is a 404 as always", async () => {
    const { snapshot } = await runningJob();
    const noSince = await longPoll(snapshot, `waitForChangeMs=${WAIT_MS}`);
    expect(noSince.response.status).toBe(200);
    expect(noSince.rowReads).toBe(1);
    const other = await handler.handle(
      apiRequest(`/${snapshot.id}?waitForChangeMs=${WAIT_MS}&since=${encodeURIComponent(snapshot.updatedAt)}`, {
        user: randomUUID(),
      }),
    );
    expect(other.status).toBe(404);
  });

  it('refuses a wait that is not a whole number of milliseconds with 422 on the field', async () => {
    const { snapshot } = await runningJob();
    for (const bad of ['-1', '1.5', 'soon', '1e3']) {
      const { response } = await longPoll(snapshot, `waitForChangeMs=${bad}`);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ code: 'validation_failed', field: 'waitForChangeMs' });
    }
  });
});

describe('readWaitForChange', () => {
  it('caps the wait under the platform limit and treats an absent wait as none', () => {
    expect(readWaitForChange(new URLSearchParams('waitForChangeMs=600000&since=x'))).toEqual({
      waitMs: MAX_WAIT_FOR_CHANGE_MS,
      since: 'x',
    });
    expect(readWaitForChange(new URLSearchParams(''))).toEqual({ waitMs: 0, since: null });
    expect(readWaitForChange(new URLSearchParams('waitForChangeMs=0'))).toEqual({ waitMs: 0, since: null });
  });
});
