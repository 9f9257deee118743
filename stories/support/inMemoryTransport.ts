import { type JobSnapshot } from '@talk-track/core';
import { TalkTrackApiError } from '@talk-track/core/client';
import { createFakeTalkTrackApi, createHttpTransport, type TalkTrackTransport } from '@talk-track/testing';

export interface InMemoryTransportOptions {
  /** Milliseconds between the fake worker's steps (claim, one chunk, complete). `0` leaves jobs where they are. */
  stepMs?: number;
  /** Where the fake server's clock starts; jobs prepared in the past carry realistic timestamps. */
  startAt?: number;
}

/**
 * A transport over the route handlers' API held in memory (the same fake the client's tests use,
 * behind the real HTTP transport), plus a fake worker that moves every job along on a timer and a
 * switch that drops the "network".
 */
export function createInMemoryTransport(options: InMemoryTransportOptions = {}) {
  let offset = (options.startAt ?? Date.now()) - Date.now();
  const now = () => Date.now() + offset;
  const api = createFakeTalkTrackApi({ basePath: 'http://127.0.0.1/api/generate/talk-track', now });
  const http = createHttpTransport({ basePath: api.basePath, fetch: api.fetch });
  let offline = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const unreachable = () =>
    Promise.reject(
      new TalkTrackApiError({
        code: 'network_error',
        status: 0,
        message: 'Could not reach the talk track API (the story is offline).',
      }),
    );

  const transport: TalkTrackTransport = {
    create: (deck, createOptions) => (offline ? unreachable() : http.create(deck, createOptions)),
    get: (id, getOptions) => (offline ? unreachable() : http.get(id, getOptions)),
    cancel: (id) => (offline ? unreachable() : http.cancel(id)),
    retry: (id) => (offline ? unreachable() : http.retry(id)),
  };

  const stepAll = () => {
    for (const id of api.jobIds()) {
      const { status } = api.job(id);
      if (status === 'pending' || status === 'processing') api.step(id);
    }
  };
  if (options.stepMs) timer = setInterval(stepAll, options.stepMs);

  return {
    transport,
    api,
    setOffline(next: boolean) {
      offline = next;
    },
    /** Moves the fake server's clock (for jobs prepared before the story shows). */
    elapse(ms: number) {
      offset += ms;
    },
    stop() {
      clearInterval(timer);
    },
    snapshot: (id: string): JobSnapshot => api.job(id),
  };
}

export type InMemoryTransport = ReturnType<typeof createInMemoryTransport>;
