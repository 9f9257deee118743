import { randomUUID } from 'node:crypto';
import { act } from '@testing-library/react';
import type { ReactNode } from 'react';
import { TalkTrackProvider } from '@talk-track/react';
import { createTestClient, type TestClient, type TestTabOptions } from '../createTestClient.ts';
import { createFakeTalkTrackApi, sampleDeck } from '../fakeTalkTrackApi.ts';
import { createManualClock } from '../manualClock.ts';
import { createManualVisibility } from '../manualVisibility.ts';
import { createMemoryLocks } from '../memoryLocks.ts';
import { createMemoryStorage } from '../memoryStorage.ts';

export { sampleDeck };

/**
 * One origin for React tests: the fake API behind the real HTTP transport, one localStorage, one
 * lock manager and one BroadcastChannel name shared by every "tab" (client) made from it, and a
 * clock that moves only when told.
 */
export function createTalkTrackRig() {
  const clock = createManualClock();
  const api = createFakeTalkTrackApi({ now: clock.now });
  const storage = createMemoryStorage();
  const locks = createMemoryLocks();
  const channelName = `talk-track-test-${randomUUID()}`;

  const tab = (options: Partial<TestTabOptions> = {}): TestClient =>
    createTestClient({ api, clock, storage, locks, channelName, visibility: createManualVisibility(), ...options });

  /** Starts a job for `deckId` through the API, outside any tab (as another device would). */
  const startJob = async (deckId = 'deck-1', slides = 40) =>
    (await api
      .fetch(api.basePath, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deck: sampleDeck(deckId, slides) }),
      })
      .then((response) => response.json())) as { jobId: string };

  /** Moves time on by `ms` and waits until every tab handled what it asked for. */
  const advance = async (ms: number, ...tabs: TestClient[]) => {
    act(() => clock.advance(ms));
    for (const client of tabs) await act(() => client.settle());
  };

  /**
   * Starts a 40-slide (8-chunk) job for `deck-1` in `client` and moves it to `state` the way the
   * worker and the network would, leaving the tab up to date.
   */
  const driveTo = async (client: TestClient, state: DrivenState) => {
    const { id } = await act(() => client.start(sampleDeck('deck-1', 40)));
    if (state === 'queued') return id;
    if (state === 'cancelled') {
      await act(() => client.cancel('deck-1'));
      return id;
    }
    api.claim(id);
    const chunks = { '0%': 0, '37%': 3, '99%': 8, failed: 2, reconnecting: 1, completed: 0 }[state];
    for (let i = 0; i < chunks; i++) api.saveChunk(id);
    if (state === 'completed') api.complete(id);
    if (state === 'failed') api.fail(id);
    await advance(3_000, client);
    if (state === 'reconnecting') {
      api.failNext('network');
      await advance(3_000, client);
    }
    return id;
  };

  const wrap = (client: TestClient, children: ReactNode) => (
    <TalkTrackProvider client={client}>{children}</TalkTrackProvider>
  );

  return { clock, api, storage, locks, tab, startJob, advance, driveTo, wrap };
}

export type DrivenState = 'queued' | '0%' | '37%' | '99%' | 'completed' | 'failed' | 'cancelled' | 'reconnecting';
