import type { StateStorage } from 'zustand/middleware';
import { createTalkTrackClient, type TalkTrackClient, type TalkTrackClientOptions } from '@talk-track/core/client';
import type { Clock } from '../../core/src/client/clock.ts';
import { createHttpTransport } from '../../core/src/client/httpTransport.ts';
import type { LockManagerLike } from '../../core/src/client/locks.ts';
import { createBroadcastTabChannel } from '../../core/src/client/tabChannel.ts';
import type { JobEvent } from '../../core/src/client/trackedJob.ts';
import type { VisibilitySource } from '../../core/src/client/visibility.ts';
import type { FakeTalkTrackApi } from './fakeTalkTrackApi.ts';

export interface TestTabOptions extends Partial<TalkTrackClientOptions> {
  api: FakeTalkTrackApi;
  clock: Clock;
  /** One origin's localStorage; share it between "tabs" and "reloads". */
  storage?: StateStorage | null;
  /** Share between tabs for leader election and the notification ledger; omit for a lone tab that polls for itself. */
  locks?: LockManagerLike | null;
  /** A real BroadcastChannel name; give each test its own so tests never hear each other. */
  channelName?: string;
  visibility?: VisibilitySource;
}

export interface TestClient extends TalkTrackClient {
  /** Resolves once every request this tab has made was answered and handled. */
  settle(): Promise<void>;
}

/** A client as one browser tab would have it, wired to the fake API through the real HTTP transport. */
export function createTestClient({
  api,
  clock,
  storage = null,
  locks = null,
  channelName,
  ...rest
}: TestTabOptions): TestClient {
  const inFlight = new Set<Promise<unknown>>();
  const http = createHttpTransport({ basePath: api.basePath, fetch: api.fetch });
  const counted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const request = call(...args);
      inFlight.add(request);
      void request.catch(() => {}).finally(() => inFlight.delete(request));
      return request;
    };
  const transport = {
    create: counted(http.create),
    get: counted(http.get),
    cancel: counted(http.cancel),
    retry: counted(http.retry),
    findLatest: counted(http.findLatest!),
  };
  const client = createTalkTrackClient({
    transport,
    storage,
    locks,
    channel: channelName ? createBroadcastTabChannel<JobEvent>(channelName) : null,
    clock,
    random: () => 0.5,
    ...rest,
  });
  return Object.assign(client, {
    async settle() {
      // Handling an answer can start another request (a refresh after a refused cancel): loop until quiet.
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await Promise.resolve();
    },
  });
}
