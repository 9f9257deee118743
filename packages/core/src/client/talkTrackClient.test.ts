import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobNotice } from './noticeFeed.ts';
import { TalkTrackApiError } from './TalkTrackApiError.ts';
import {
  createFakeTalkTrackApi,
  sampleDeck,
  createManualClock,
  createMemoryStorage,
  createTestClient,
} from '@talk-track/testing';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function setup() {
  const clock = createManualClock();
  const api = createFakeTalkTrackApi({ now: clock.now });
  const client = createTestClient({ api, clock, storage: createMemoryStorage() });
  cleanups.push(client.mount());
  const job = () => client.store.getState().jobs['deck-1'];
  return { clock, api, client, job };
}

describe('createTalkTrackClient', () => {
  it('follows the running job when a start is refused because one is already active', async () => {
    const { api, client, job } = setup();
    const first = await client.start(sampleDeck());
    api.claim(first.id);
    const second = await client.start(sampleDeck());
    expect(second.id).toBe(first.id);
    expect(job()).toMatchObject({ jobId: first.id, status: 'processing' });
    expect(api.jobIds()).toHaveLength(1);
  });

  it('rejects a start the API refuses, with the typed error', async () => {
    const { client, job } = setup();
    const error = await client.start({ ...sampleDeck(), slides: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TalkTrackApiError);
    expect(error).toMatchObject({ code: 'validation_failed', field: 'deck.slides' });
    expect(job()).toBeUndefined();
  });

  it('cancels a running job, and shows how a job ended when the cancel came too late', async () => {
    const { api, client, job } = setup();
    const { id } = await client.start(sampleDeck());
    expect(await client.cancel('deck-1')).toMatchObject({ status: 'cancelled' });
    expect(job()?.status).toBe('cancelled');

    await client.retry('deck-1');
    api.claim(id);
    api.complete(id);
    // The person clicks cancel just after the job finished, before the next poll.
    expect(await client.cancel('deck-1')).toMatchObject({ status: 'completed' });
    expect(job()).toMatchObject({ status: 'completed', progress: 100 });
    expect(job()?.result?.slides).toHaveLength(12);
  });

  it('announces a retried job’s second ending apart from its first', async () => {
    const { clock, api, client } = setup();
    const notices: JobNotice[] = [];
    cleanups.push(client.notices.subscribe((notice) => notices.push(notice)));
    const { id } = await client.start(sampleDeck());
    api.claim(id);
    api.fail(id);
    clock.advance(3_000);
    await client.settle();
    await vi.waitFor(() => expect(notices).toHaveLength(1), { interval: 1 });

    await client.retry('deck-1');
    api.claim(id);
    api.complete(id);
    clock.advance(3_000);
    await client.settle();
    await vi.waitFor(() => expect(notices).toHaveLength(2), { interval: 1 });
    expect(notices.map((n) => n.kind)).toEqual(['failed', 'completed']);
    expect(notices[0]!.key).not.toBe(notices[1]!.key);
  });

  it('(f) keeps a finished talk track it holds when the server answers 404 (retention deleted the job)', async () => {
    const { clock, api, client, job } = setup();
    const { id } = await client.start(sampleDeck());
    api.claim(id);
    api.complete(id);
    clock.advance(3_000);
    await client.settle();
    await vi.waitFor(() => expect(job()?.status).toBe('completed'), { interval: 1 });

    api.remove(id);
    expect(await client.refresh('deck-1')).toBeNull();
    expect(job()).toMatchObject({ jobId: id, status: 'completed' });
    expect(job()?.result?.slides).toHaveLength(12);
  });

  it('still forgets an unfinished job the server no longer has', async () => {
    const { api, client, job } = setup();
    const { id } = await client.start(sampleDeck());
    api.remove(id);
    expect(await client.refresh('deck-1')).toBeNull();
    expect(job()).toBeUndefined();
  });

  it('shares one read between callers that refresh at the same time', async () => {
    const { api, client } = setup();
    await client.start(sampleDeck());
    const [a, b] = await Promise.all([client.refresh('deck-1'), client.refresh('deck-1')]);
    expect(a).toBe(b);
    expect(api.statusReads()).toBe(1);
    expect(await client.refresh('unknown-deck')).toBeNull();
  });
});
