import { afterEach, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../api.ts';
import { createTalkTrackClient } from './talkTrackClient.ts';
import { sampleDeck, createManualClock, createManualVisibility } from '@talk-track/testing';
import { TalkTrackApiError } from './TalkTrackApiError.ts';
import type { GetJobOptions, TalkTrackTransport } from './transport.ts';

const LONG_POLL_MS = 8_000;
const unmounts: (() => void)[] = [];
afterEach(() => unmounts.splice(0).forEach((unmount) => unmount()));

const flush = () => new Promise((resolve) => setImmediate(resolve));

function snapshot(version: number, overrides: Partial<JobSnapshot> = {}): JobSnapshot {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toISOString();
  return {
    id: 'job-1',
    deckId: 'deck-1',
    status: 'processing',
    progress: version * 10,
    currentChunk: version,
    totalChunks: 8,
    slideCount: 40,
    slides: [],
    result: null,
    error: null,
    createdAt: at,
    startedAt: at,
    completedAt: null,
    updatedAt: at,
    ...overrides,
  };
}

/** A transport whose status reads stay open until the test answers them, as a server holding them would. */
function heldReads() {
  const reads: {
    options: GetJobOptions | undefined;
    answer(snapshot: JobSnapshot): void;
    refuse(error: Error): void;
    aborted: boolean;
  }[] = [];
  const transport: TalkTrackTransport = {
    create: async () => ({ jobId: 'job-1', job: snapshot(0, { status: 'pending', progress: 0 }) }),
    get: (_jobId, options) =>
      new Promise((resolve, reject) => {
        const read = { options, answer: resolve, refuse: reject, aborted: false };
        reads.push(read);
        options?.signal?.addEventListener('abort', () => {
          read.aborted = true;
          reject(new DOMException('The operation was aborted.', 'AbortError'));
        });
      }),
    cancel: async () => snapshot(0),
    retry: async () => snapshot(0),
  };
  return { transport, reads };
}

async function setup(longPollMs = LONG_POLL_MS, hidden = false) {
  const clock = createManualClock();
  const visibility = createManualVisibility(hidden);
  const { transport, reads } = heldReads();
  const client = createTalkTrackClient({
    transport,
    clock,
    visibility,
    storage: null,
    locks: null,
    channel: null,
    longPollMs,
  });
  const unmount = client.mount();
  unmounts.push(unmount);
  await client.start(sampleDeck('deck-1'));
  return { clock, reads, client, unmount };
}

describe('watcher with longPollMs', () => {
  it('reads at once, asks the server to hold the read with the version it has, and reads again at once after a change', async () => {
    const { clock, reads, client } = await setup();
    clock.advance(0);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.options).toMatchObject({ waitForChangeMs: LONG_POLL_MS, since: snapshot(0).updatedAt });

    reads[0]!.answer(snapshot(1));
    await flush();
    expect(client.store.getState().jobs['deck-1']).toMatchObject({ status: 'processing', currentChunk: 1 });
    clock.advance(0);
    expect(reads).toHaveLength(2);
    expect(reads[1]!.options).toMatchObject({ since: snapshot(1).updatedAt });
  });

  it('after a full hold with no change reads again at once; after a quick unchanged answer (a server that does not hold) waits the interval', async () => {
    const { clock, reads } = await setup();
    clock.advance(0);
    clock.advance(LONG_POLL_MS);
    reads[0]!.answer(snapshot(0, { status: 'pending', progress: 0 }));
    await flush();
    clock.advance(0);
    expect(reads).toHaveLength(2);

    reads[1]!.answer(snapshot(0, { status: 'pending', progress: 0 }));
    await flush();
    clock.advance(2_999);
    expect(reads).toHaveLength(2);
    clock.advance(1);
    expect(reads).toHaveLength(3);
  });

  it('polls plainly, at the hidden interval, while the tab is hidden', async () => {
    const { clock, reads } = await setup(LONG_POLL_MS, true);
    clock.advance(0);
    expect(reads).toHaveLength(0);
    clock.advance(15_000);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.options).toBeUndefined();
    reads[0]!.answer(snapshot(1));
    await flush();
    clock.advance(14_999);
    expect(reads).toHaveLength(1);
  });

  it('ends a held read when the watcher stops, without reporting a problem', async () => {
    const { clock, reads, client, unmount } = await setup();
    clock.advance(0);
    unmount();
    expect(reads[0]!.aborted).toBe(true);
    await flush();
    expect(client.store.getState().jobs['deck-1']?.sync).toBeNull();
    expect(clock.pending).toBe(0);
  });

  it('is off by default: reads wait the interval and carry no wait', async () => {
    const { clock, reads } = await setup(0);
    clock.advance(2_999);
    expect(reads).toHaveLength(0);
    clock.advance(1);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.options).toBeUndefined();
  });

  it('refused a held read (429 too_many_held_reads), reads plainly once after Retry-After, without reporting a problem', async () => {
    const { clock, reads, client } = await setup();
    clock.advance(0);
    reads[0]!.refuse(
      new TalkTrackApiError({ code: 'too_many_held_reads', status: 429, message: 'Too many.', retryAfterMs: 5_000 }),
    );
    await flush();
    expect(client.store.getState().jobs['deck-1']?.sync).toBeNull();
    clock.advance(4_999);
    expect(reads).toHaveLength(1);
    clock.advance(1);
    expect(reads).toHaveLength(2);
    expect(reads[1]!.options).toBeUndefined();

    // The plain read answered, holding is tried again after the plain interval, not at once.
    reads[1]!.answer(snapshot(1));
    await flush();
    clock.advance(2_999);
    expect(reads).toHaveLength(2);
    clock.advance(1);
    expect(reads[2]!.options).toMatchObject({ waitForChangeMs: LONG_POLL_MS, since: snapshot(1).updatedAt });
  });
});
