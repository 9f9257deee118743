import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobNotice } from './noticeFeed.ts';
import { PERSIST_VERSION } from './persistedJobs.ts';
import {
  createFakeTalkTrackApi,
  sampleDeck,
  createManualClock,
  createMemoryStorage,
  createTestClient,
  type TestClient,
} from '@talk-track/testing';

// A browser that lost its stored job (corrupt, truncated or old-version entry; another browser)
// finds it again by asking the server for the deck's latest job.

const until = (check: () => void) => vi.waitFor(check, { interval: 1 });
const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((cleanup) => cleanup()),
);

function origin() {
  const clock = createManualClock();
  const api = createFakeTalkTrackApi({ now: clock.now });
  const storage = createMemoryStorage();
  /** A page load: a new client over this origin's storage, mounted, with its notices collected. */
  const load = (options: { mount?: boolean } = {}) => {
    const client = createTestClient({ api, clock, storage });
    const notices: JobNotice[] = [];
    cleanups.push(client.notices.subscribe((notice) => notices.push(notice)));
    if (options.mount !== false) cleanups.push(client.mount());
    return { client, notices };
  };
  /** Starts a job as another browser would: the server knows it, this origin's storage does not. */
  const startElsewhere = async (deckId = 'deck-1', slides = 12) =>
    (await createTestClient({ api, clock }).start(sampleDeck(deckId, slides))).id;
  return { clock, api, storage, load, startElsewhere };
}

const jobOf = (client: TestClient, deckId = 'deck-1') => client.store.getState().jobs[deckId];
/** Lets pending ledger claims run, so a notice that should not come has had its chance. */
const settleClaims = () => new Promise((resolve) => setImmediate(resolve));

describe('a deck with nothing stored', () => {
  it.each([
    ['a corrupt entry', '{"state":{"jobs":{"deck-1":{"jobId":'],
    [
      'a truncated entry',
      JSON.stringify({
        state: { jobs: { 'deck-1': { jobId: 'x', deckId: 'deck-1' } } },
        version: PERSIST_VERSION,
      }).slice(0, 40),
    ],
    [
      'an old-version entry',
      JSON.stringify({
        state: { jobs: { 'deck-1': { jobId: 'x', deckId: 'deck-1', status: 'processing' } } },
        version: 0,
      }),
    ],
    ['no entry (another browser)', null],
  ])(
    'with %s: finds the running job on the server, polls it to completion and announces that once',
    async (_label, entry) => {
      const { clock, api, storage, load, startElsewhere } = origin();
      const id = await startElsewhere();
      if (entry !== null) storage.setItem('talk-track', entry);

      const { client, notices } = load();
      cleanups.push(client.watchDeck('deck-1'));
      await client.settle();
      expect(jobOf(client)).toMatchObject({ jobId: id, status: 'pending', watched: true });
      expect(api.lookups('deck-1')).toBe(1);

      api.claim(id);
      api.saveChunk(id);
      clock.advance(3_000);
      await client.settle();
      expect(jobOf(client)).toMatchObject({ status: 'processing', currentChunk: 1 });
      api.complete(id);
      clock.advance(3_000);
      await client.settle();
      expect(jobOf(client)?.result?.slides).toHaveLength(12);
      await until(() => expect(notices).toHaveLength(1));
      expect(notices[0]).toMatchObject({ kind: 'completed', job: { jobId: id } });
      expect(api.lookups()).toBe(1);
    },
  );

  it('asks once per deck per page load, however many components show it, and only after hydration', async () => {
    const { api, load } = origin();
    const { client } = load({ mount: false });
    cleanups.push(client.watchDeck('deck-1'), client.watchDeck('deck-1'));
    await client.settle();
    expect(api.lookups()).toBe(0);

    cleanups.push(client.mount());
    await client.settle();
    expect(api.lookups('deck-1')).toBe(1);
    // Nothing there: the deck is idle, and stays unasked for the rest of the page load.
    expect(jobOf(client)).toBeUndefined();
    const again = client.watchDeck('deck-1');
    again();
    cleanups.push(client.watchDeck('deck-2'));
    await client.settle();
    expect([api.lookups('deck-1'), api.lookups('deck-2')]).toEqual([1, 1]);

    // The next page load asks again.
    const { client: next } = load();
    cleanups.push(next.watchDeck('deck-1'));
    await next.settle();
    expect(api.lookups('deck-1')).toBe(2);
  });

  it('is in `finding` while the lookup runs', async () => {
    const { load, startElsewhere } = origin();
    await startElsewhere();
    const { client } = load();
    cleanups.push(client.watchDeck('deck-1'));
    expect(client.store.getState().finding).toEqual(['deck-1']);
    await client.settle();
    expect(client.store.getState().finding).toEqual([]);
    expect(jobOf(client)?.status).toBe('pending');
  });

  it('is not looked up when its job is stored, nor when the transport cannot look jobs up', async () => {
    const { api, load, clock, storage } = origin();
    const first = load();
    await first.client.start(sampleDeck());
    const { client } = load();
    cleanups.push(client.watchDeck('deck-1'));
    await client.settle();
    expect(api.lookups()).toBe(0);

    const { findLatest: _none, ...withoutLookup } = createTestClient({ api, clock }).transport;
    const custom = createTestClient({ api, clock, storage, transport: withoutLookup });
    cleanups.push(custom.mount(), custom.watchDeck('deck-9'));
    await custom.settle();
    expect(api.lookups()).toBe(0);
    expect(custom.store.getState().finding).toEqual([]);
  });

  it('asks again on the next watch after a lookup failed, not in a loop', async () => {
    const { api, load, startElsewhere } = origin();
    const id = await startElsewhere();
    const { client } = load();
    api.failNext('network');
    const stop = client.watchDeck('deck-1');
    await client.settle();
    expect(jobOf(client)).toBeUndefined();
    expect(api.lookups()).toBe(1);
    // Other store changes do not retry it by themselves…
    client.store.setState({ finding: [] });
    await client.settle();
    expect(api.lookups()).toBe(1);
    // …the next component that shows the deck (a page change) does.
    stop();
    cleanups.push(client.watchDeck('deck-1'));
    await client.settle();
    expect(api.lookups()).toBe(2);
    expect(jobOf(client)?.jobId).toBe(id);
  });

  it('shows a job that completed while nobody watched, with its result, and announces it once per origin', async () => {
    const { api, storage, load, startElsewhere } = origin();
    const id = await startElsewhere('deck-1', 7);
    api.claim(id);
    api.complete(id);

    const first = load();
    cleanups.push(first.client.watchDeck('deck-1'));
    await first.client.settle();
    expect(jobOf(first.client)).toMatchObject({ jobId: id, status: 'completed', fresh: true });
    expect(jobOf(first.client)?.result?.slides).toHaveLength(7);
    await until(() => expect(first.notices).toHaveLength(1));

    // The stored entry is lost again (corrupt): the job is found again, but the ledger (its own key) remembers the announcement.
    storage.setItem('talk-track', '{"state":');
    const second = load();
    cleanups.push(second.client.watchDeck('deck-1'));
    await second.client.settle();
    expect(jobOf(second.client)).toMatchObject({ jobId: id, status: 'completed' });
    expect(api.lookups()).toBe(2);
    await settleClaims();
    expect(second.notices).toEqual([]);
  });
});
