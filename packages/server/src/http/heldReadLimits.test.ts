import { randomUUID } from 'node:crypto';
import type { JobSnapshot } from '@talk-track/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import type { JobStore } from '../jobStore.ts';
import { createPostgresJobStore } from '../stores/postgresJobStore.ts';
import { silentLogger } from '../shared/logger.ts';
import { createTalkTrackHandler, type TalkTrackHandler } from './createTalkTrackHandler.ts';
import { apiRequest, deckInput as deck, getUserIdFromHeader, recordingWorker } from '@talk-track/testing/server';

const alice = randomUUID();
const bob = randomUUID();

const db = useTestDatabase();
let handler: TalkTrackHandler;
/** Called with each first read of a status request: by then its held-read slot is taken. */
let onFirstRead: () => void = () => {};

beforeAll(async () => {
  const store = createPostgresJobStore(db.sql);
  const watched: JobStore = {
    ...store,
    getJobWithChunksForUser: (jobId, userId) => {
      onFirstRead();
      return store.getJobWithChunksForUser(jobId, userId);
    },
  };
  handler = createTalkTrackHandler({
    store: watched,
    getUserId: getUserIdFromHeader,
    worker: recordingWorker(),
    logger: silentLogger,
    heldReads: { perUser: 2, total: 3 },
  });
});

async function startJob(user: string): Promise<JobSnapshot> {
  const started = await handler.handle(
    apiRequest('', { user, body: { deck: deck(5, { id: `deck-${randomUUID()}` }) } }),
  );
  return ((await started.json()) as { job: JobSnapshot }).job;
}

/** A status read the server holds (the job does not change): resolves once it is being held; `end` hangs up and waits for the answer. */
async function holdRead(user: string, job: JobSnapshot) {
  const hangUp = new AbortController();
  const reading = new Promise<void>((resolve) => (onFirstRead = resolve));
  const response = handler.handle(
    new Request(apiRequest(`/${job.id}?waitForChangeMs=8000&since=${encodeURIComponent(job.updatedAt)}`, { user }), {
      signal: hangUp.signal,
    }),
  );
  await Promise.race([reading, response]);
  return {
    response,
    end: async () => {
      hangUp.abort();
      return response;
    },
  };
}

describe('held status reads (long-polling)', () => {
  it('are capped per user and across the server with a 429 the client can act on, while plain reads still work', async () => {
    const aliceJob = await startJob(alice);
    const bobJob = await startJob(bob);
    const held = [await holdRead(alice, aliceJob), await holdRead(alice, aliceJob)];

    const refused = await (await holdRead(alice, aliceJob)).response;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(await refused.json()).toEqual({
      code: 'too_many_held_reads',
      message: expect.stringMatching(/read without waiting/),
    });
    // Reading without waiting is never refused.
    const plain = await handler.handle(apiRequest(`/${aliceJob.id}`, { user: alice }));
    expect(plain.status).toBe(200);

    // Bob has room of his own, up to the server's total of three.
    held.push(await holdRead(bob, bobJob));
    expect((await (await holdRead(bob, bobJob)).response).status).toBe(429);

    // A read that ends gives its place back.
    expect((await held.shift()!.end()).status).toBe(200);
    const again = await holdRead(alice, aliceJob);
    held.push(again);
    await Promise.all(held.map((read) => read.end()));
    expect((await again.response).status).toBe(200);
  });

  it('refuse limits that are not whole numbers', () => {
    expect(() =>
      createTalkTrackHandler({
        store: {} as JobStore,
        getUserId: () => null,
        worker: recordingWorker(),
        heldReads: { perUser: 1.5 },
      }),
    ).toThrow(/heldReads.perUser/);
  });
});
