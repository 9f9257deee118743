import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createMemoryLocks,
  createFakeTalkTrackApi,
  sampleDeck,
  createManualClock,
  createMemoryStorage,
  createTestClient,
  type TestClient,
  createManualVisibility,
} from '@talk-track/testing';
import type { JobNotice } from './noticeFeed.ts';

const until = (check: () => void) => vi.waitFor(check, { interval: 1 });
const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((cleanup) => cleanup()),
);

/** One origin: a shared localStorage, lock manager and BroadcastChannel name, and the same server. */
function origin() {
  const clock = createManualClock();
  const api = createFakeTalkTrackApi({ now: clock.now });
  const storage = createMemoryStorage();
  const locks = createMemoryLocks();
  const channelName = `talk-track-test-${randomUUID()}`;
  const openTab = (visibility = createManualVisibility()) => {
    const client = createTestClient({ api, clock, storage, locks, channelName, visibility });
    const close = client.mount();
    cleanups.push(close);
    const notices: JobNotice[] = [];
    cleanups.push(client.notices.subscribe((notice) => notices.push(notice)));
    return { client, close, notices, visibility };
  };
  return { clock, api, storage, channelName, openTab };
}

const jobOf = (client: TestClient) => client.store.getState().jobs['deck-1'];

describe('tabs of one origin', () => {
  it('poll once for all tabs, and every tab sees each update', async () => {
    const { clock, api, openTab } = origin();
    const a = openTab();
    const b = openTab();
    // B, a follower, starts the job: the leader learns of it over the channel and polls it.
    const { id } = await b.client.start(sampleDeck());
    await until(() => expect(jobOf(a.client)?.jobId).toBe(id));

    api.claim(id);
    for (let chunk = 1; chunk <= 3; chunk++) {
      api.saveChunk(id);
      clock.advance(3_000);
      await until(() => expect(jobOf(b.client)?.currentChunk).toBe(chunk));
      expect(jobOf(a.client)?.currentChunk).toBe(chunk);
    }
    expect(api.statusReads()).toBe(3);
  });

  it('hand the polling to another tab when the polling tab closes', async () => {
    const { clock, api, openTab } = origin();
    const a = openTab();
    const b = openTab();
    const { id } = await a.client.start(sampleDeck());
    await until(() => expect(jobOf(b.client)?.jobId).toBe(id));
    clock.advance(3_000);
    await until(() => expect(api.statusReads()).toBe(1));

    a.close();
    api.claim(id);
    await until(() => expect(clock.pending).toBe(1));
    clock.advance(3_000);
    await until(() => expect(jobOf(b.client)?.status).toBe('processing'));
    expect(api.statusReads()).toBe(2);
  });

  it('let the tab the person looks at take over the polling', async () => {
    const { clock, api, openTab } = origin();
    const a = openTab();
    const b = openTab(createManualVisibility(true));
    const { id } = await a.client.start(sampleDeck());
    await until(() => expect(jobOf(b.client)?.jobId).toBe(id));

    a.visibility.setHidden(true);
    b.visibility.setHidden(false);
    api.claim(id);
    await until(() => expect([a.client.isLeader(), b.client.isLeader()]).toEqual([false, true]));
    // Had A kept polling, hidden, its next read would come 15 s after the first; B's come every 3 s.
    for (let reads = 1; reads <= 3; reads++) {
      await until(() => expect(clock.pending).toBe(1));
      clock.advance(3_000);
      await until(() => expect(api.statusReads()).toBe(reads));
    }
    await until(() => expect(jobOf(a.client)?.status).toBe('processing'));
  });

  it('announce a job’s end once: in one visible tab, never again after a reload', async () => {
    const { clock, api, openTab } = origin();
    const a = openTab();
    const b = openTab();
    const { id } = await a.client.start(sampleDeck());
    api.claim(id);
    api.complete(id);
    clock.advance(3_000);
    await until(() => expect(jobOf(b.client)?.status).toBe('completed'));
    await until(() => expect(a.notices.length + b.notices.length).toBe(1));
    expect([...a.notices, ...b.notices][0]).toMatchObject({ kind: 'completed', job: { jobId: id } });

    const reloaded = openTab();
    await reloaded.client.store.persist.rehydrate();
    expect(jobOf(reloaded.client)?.status).toBe('completed');
    // Give any claim time to run, then make sure none won.
    await new Promise((resolve) => setImmediate(resolve));
    expect(reloaded.notices).toEqual([]);
    expect(a.notices.length + b.notices.length).toBe(1);
  });

  it('hold a notice until a tab is visible, and announce an ending missed while the page was closed', async () => {
    const { clock, api, storage, openTab } = origin();
    const hidden = openTab(createManualVisibility(true));
    const { id } = await hidden.client.start(sampleDeck());
    hidden.close();

    api.claim(id);
    api.fail(id);
    // A later visit: the job ended while no page was open.
    const later = openTab(createManualVisibility(true));
    await until(() => expect(clock.pending).toBe(1));
    clock.advance(0);
    await until(() => expect(jobOf(later.client)?.status).toBe('failed'));
    expect(later.notices).toEqual([]);
    later.visibility.setHidden(false);
    await until(() => expect(later.notices).toHaveLength(1));
    expect(later.notices[0]).toMatchObject({ kind: 'failed', job: { error: { code: 'llm_unavailable' } } });
    expect(storage.getItem('talk-track:notified')).toContain(id);
  });

  it('drop a malformed message from the channel, and apply a well-formed one', async () => {
    const { api, channelName, openTab } = origin();
    const a = openTab();
    const { id } = await a.client.start(sampleDeck());
    const snapshot = api.job(id);
    const outsider = new BroadcastChannel(channelName);
    cleanups.push(() => outsider.close());
    const malformed = [
      'hello',
      null,
      { type: 'forget', deckId: 'deck-1', jobId: 42 },
      { type: 'forget', deckId: 'deck-1' },
      { type: 'snapshot', at: 1, snapshot: { ...snapshot, deckId: 'deck-2', status: 'exploded' } },
      { type: 'snapshot', at: 1, snapshot: { ...snapshot, deckId: 'deck-2', progress: '50' } },
      { type: 'snapshot', at: 1, snapshot: { ...snapshot, deckId: 'deck-2', slides: [{ index: 0, title: 'T' }] } },
      { type: 'snapshot', at: 1, snapshot: { ...snapshot, deckId: 'deck-2', result: { opening: 'Hi' } } },
      { type: 'snapshot', at: 1, snapshot: { ...snapshot, deckId: 'deck-2', queue: { ahead: -1 } } },
      { type: 'snapshot', at: 1, snapshot: { ...snapshot, deckId: 'deck-2', estimatedSeconds: '100' } },
      { type: 'sync', deckId: 'deck-1', jobId: id, sync: { code: 'x', message: 'y', failures: -1, fatal: false } },
    ];
    for (const message of malformed) outsider.postMessage(message);
    // Delivered in order: once this one is applied, every message before it has been looked at.
    outsider.postMessage({
      type: 'snapshot',
      at: 1,
      snapshot: {
        ...snapshot,
        id: 'other-job',
        deckId: 'deck-3',
        status: 'processing',
        queue: { ahead: 2 },
        estimatedSeconds: 100,
      },
    });
    await until(() => expect(a.client.store.getState().jobs['deck-3']?.jobId).toBe('other-job'));
    expect(a.client.store.getState().jobs['deck-3']).toMatchObject({
      queueAhead: 2,
      estimatedDoneAt: expect.any(Number),
    });

    expect(Object.keys(a.client.store.getState().jobs).sort()).toEqual(['deck-1', 'deck-3']);
    expect(jobOf(a.client)).toMatchObject({ jobId: id, status: 'pending', sync: null });
  });

  it('with a way to reach a person who is away, announce an ending in exactly one of two hidden tabs', async () => {
    const { clock, api, openTab } = origin();
    const a = openTab(createManualVisibility(true));
    const b = openTab(createManualVisibility(true));
    let permitted = true;
    cleanups.push(a.client.notices.reachWhenHidden(() => permitted));
    cleanups.push(b.client.notices.reachWhenHidden(() => permitted));
    const { id } = await a.client.start(sampleDeck());
    api.claim(id);
    api.complete(id);
    clock.advance(15_000);
    await until(() => expect([jobOf(a.client)?.status, jobOf(b.client)?.status]).toEqual(['completed', 'completed']));
    await until(() => expect(a.notices.length + b.notices.length).toBe(1));
    expect([...a.notices, ...b.notices][0]).toMatchObject({ kind: 'completed', hidden: true, job: { jobId: id } });

    // Back in view, neither tab announces it again.
    permitted = false;
    a.visibility.setHidden(false);
    b.visibility.setHidden(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(a.notices.length + b.notices.length).toBe(1);
  });

  it('keep a notice for the visible tab when nothing can reach a hidden one (permission denied)', async () => {
    const { clock, api, openTab } = origin();
    const tab = openTab(createManualVisibility(true));
    cleanups.push(tab.client.notices.reachWhenHidden(() => false));
    const { id } = await tab.client.start(sampleDeck());
    api.claim(id);
    api.complete(id);
    clock.advance(15_000);
    await until(() => expect(jobOf(tab.client)?.status).toBe('completed'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(tab.notices).toEqual([]);

    tab.visibility.setHidden(false);
    await until(() => expect(tab.notices).toHaveLength(1));
    expect(tab.notices[0]).toMatchObject({ kind: 'completed', hidden: false });
  });
});
