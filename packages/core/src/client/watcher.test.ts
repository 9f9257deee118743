import { afterEach, describe, expect, it } from 'vitest';
import {
  createManualVisibility,
  createFakeTalkTrackApi,
  sampleDeck,
  createManualClock,
  createMemoryStorage,
  createTestClient,
} from '@talk-track/testing';
import type { TalkTrackClient } from './talkTrackClient.ts';

const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((unmount) => unmount()));

function setup(extra: Partial<Parameters<typeof createTestClient>[0]> = {}) {
  const clock = createManualClock();
  const api = createFakeTalkTrackApi({ now: clock.now });
  const client = createTestClient({ api, clock, ...extra });
  unmounts.push(client.mount());
  /** Waits until the reads under way were answered, then checks how many there were in all and how many timers wait. */
  const afterReads = async (reads: number, timers = 1) => {
    await client.settle();
    expect(api.statusReads()).toBe(reads);
    expect(clock.pending).toBe(timers);
  };
  return { clock, api, client, afterReads };
}

const job = (client: TalkTrackClient, deckId = 'deck-1') => client.store.getState().jobs[deckId];

describe('watcher', () => {
  it('polls every active job on one timer, 3 s apart, and stops each when it ends', async () => {
    const { clock, api, client, afterReads } = setup();
    const a = await client.start(sampleDeck('deck-1'));
    const b = await client.start(sampleDeck('deck-2'));
    expect(clock.pending).toBe(1);

    api.claim(a.id);
    api.saveChunk(a.id);
    clock.advance(2_999);
    expect(api.statusReads()).toBe(0);
    clock.advance(1);
    await afterReads(2);
    expect(job(client)).toMatchObject({ status: 'processing', currentChunk: 1, progress: 33 });

    api.complete(a.id);
    clock.advance(3_000);
    await afterReads(4);
    expect(job(client)?.status).toBe('completed');

    clock.advance(3_000);
    await afterReads(5);
    expect(api.statusReads(a.id)).toBe(2);

    api.claim(b.id);
    api.fail(b.id);
    clock.advance(3_000);
    await afterReads(6, 0);
    expect(job(client, 'deck-2')?.status).toBe('failed');
    clock.advance(60_000);
    expect(api.statusReads()).toBe(6);
  });

  it('backs off with jitter while reads fail, shows it, and recovers', async () => {
    const { clock, api, client, afterReads } = setup({ random: () => 1 });
    const { id } = await client.start(sampleDeck());
    api.failNext('network', 503, 'network');

    clock.advance(3_000);
    await afterReads(1);
    expect(job(client)?.sync).toMatchObject({ code: 'network_error', failures: 1, fatal: false });
    // random() = 1 takes the top of each jitter range: 6 s, 12 s, 24 s.
    clock.advance(5_999);
    expect(api.statusReads()).toBe(1);
    clock.advance(1);
    await afterReads(2);
    expect(job(client)?.sync).toMatchObject({ code: 'service_unavailable', failures: 2 });
    clock.advance(12_000);
    await afterReads(3);
    expect(job(client)?.sync?.failures).toBe(3);

    api.claim(id);
    clock.advance(24_000);
    await afterReads(4);
    expect(job(client)).toMatchObject({ status: 'processing', sync: null });
    clock.advance(3_000);
    await afterReads(5);
  });

  it('reads at once when the network comes back, instead of waiting out the backoff', async () => {
    const listeners = new Set<() => void>();
    const online = (listener: () => void) => (listeners.add(listener), () => void listeners.delete(listener));
    const { clock, api, client, afterReads } = setup({ online, random: () => 1 });
    const { id } = await client.start(sampleDeck());
    api.failNext('network', 'network', 'network');
    for (const [after, reads] of [
      [3_000, 1],
      [6_000, 2],
      [12_000, 3],
    ] as const) {
      clock.advance(after);
      await afterReads(reads);
    }
    // The next read would come 24 s from now.
    expect(job(client)?.sync?.failures).toBe(3);
    api.claim(id);
    clock.advance(1_000);
    listeners.forEach((listener) => listener());
    clock.advance(0);
    await afterReads(4);
    expect(job(client)).toMatchObject({ status: 'processing', sync: null });
    // Back to the normal rhythm; a job that is not failing is not read early by the event.
    listeners.forEach((listener) => listener());
    clock.advance(0);
    await afterReads(4);
    clock.advance(3_000);
    await afterReads(5);
    unmounts.splice(0).forEach((unmount) => unmount());
    expect(listeners.size).toBe(0);
  });

  it('keeps asking, once a minute, after a refusal that waiting will not fix', async () => {
    const { clock, api, client, afterReads } = setup();
    await client.start(sampleDeck());
    api.failNext(401);
    clock.advance(3_000);
    await afterReads(1);
    expect(job(client)?.sync).toMatchObject({ code: 'unauthenticated', fatal: true });
    clock.advance(59_999);
    expect(api.statusReads()).toBe(1);
    clock.advance(1);
    await afterReads(2);
    expect(job(client)?.sync).toBeNull();
  });

  it('polls slower while hidden and at once when the tab is shown again', async () => {
    const visibility = createManualVisibility();
    const { clock, client, afterReads } = setup({ visibility });
    await client.start(sampleDeck());
    clock.advance(3_000);
    await afterReads(1);

    visibility.setHidden(true);
    clock.advance(3_000);
    await afterReads(2);
    clock.advance(14_999);
    await afterReads(2);
    clock.advance(1);
    await afterReads(3);

    clock.advance(5_000);
    visibility.setHidden(false);
    clock.advance(0);
    await afterReads(4);
    // Back to the visible rhythm.
    clock.advance(3_000);
    await afterReads(5);
  });

  it('forgets a job the server no longer has', async () => {
    const { clock, api, client, afterReads } = setup();
    const { id } = await client.start(sampleDeck());
    api.remove(id);
    clock.advance(3_000);
    await afterReads(1, 0);
    expect(job(client)).toBeUndefined();
  });

  it('picks a running job up again after a reload and polls it at once', async () => {
    const storage = createMemoryStorage();
    const first = setup({ storage });
    await first.client.store.persist.rehydrate();
    const { id } = await first.client.start(sampleDeck());
    unmounts.pop()!();

    first.api.claim(id);
    first.api.saveChunk(first.api.job(id).id);
    const reloaded = createTestClient({ api: first.api, clock: first.clock, storage });
    unmounts.push(reloaded.mount());
    expect(job(reloaded)).toMatchObject({ jobId: id, status: 'pending', fresh: false });
    first.clock.advance(0);
    await reloaded.settle();
    expect(job(reloaded)).toMatchObject({ status: 'processing', currentChunk: 1, fresh: true });
    expect(job(reloaded)?.slides).toHaveLength(5);
  });
});
