import { createTalkTrackClient, type TalkTrackClient } from '@talk-track/core/client';
import { createInMemoryTransport, type InMemoryTransport } from './inMemoryTransport.ts';
import { storyDeck } from './storyDeck.ts';

/** The states designers look at, as the stories name them. */
export type StoryState =
  'idle' | 'queued' | '0%' | '37%' | '99%' | 'completed' | 'failed' | 'cancelled' | 'reconnecting';

export interface StoryJobOptions {
  slides?: number;
  /** Fake worker speed for stories that move; `0` (default) freezes the job in its state. */
  stepMs?: number;
  /** Poll interval of the story's client. Default 1 s, so moving stories feel alive. */
  intervalMs?: number;
  /** The server's estimate from past jobs (`JobSnapshot.estimatedSeconds`). Default none. */
  estimatedSeconds?: number;
  /** Jobs ahead while the job waits for the host's LLM limit (`JobSnapshot.queue`). Default not waiting. */
  waitingAhead?: number;
}

/** Seconds the fake worker takes per chunk in prepared jobs: the ETA fallback measures it. */
const PREPARED_SECONDS_PER_CHUNK = 20;

export const STORY_DECK_ID = 'story-deck';

/**
 * A client whose deck `STORY_DECK_ID` is in `state`, with realistic timestamps, isolated from other
 * stories on the page (no storage, no locks, no cross-tab channel).
 */
export async function prepareStoryJob(
  state: StoryState,
  options: StoryJobOptions = {},
): Promise<{ client: TalkTrackClient; memory: InMemoryTransport }> {
  const slides = options.slides ?? 40;
  const memory = createInMemoryTransport({ stepMs: options.stepMs, startAt: Date.now() - 10 * 60_000 });
  const client = createTalkTrackClient({
    transport: memory.transport,
    storage: null,
    locks: null,
    channel: null,
    intervalMs: options.intervalMs ?? 1_000,
  });
  client.store.setState({ hydrated: true });
  if (state === 'idle') return { client, memory };

  const { id } = await client.start(storyDeck(STORY_DECK_ID, slides));
  const { api } = memory;
  if (state === 'cancelled') await client.cancel(STORY_DECK_ID);
  if (state !== 'queued' && state !== 'cancelled') {
    api.claim(id);
    api.outlook(id, { ahead: options.waitingAhead ?? null, estimatedSeconds: options.estimatedSeconds ?? null });
    const total = api.job(id).totalChunks;
    const chunks = {
      '0%': 0,
      '37%': Math.round(total * 0.375),
      '99%': total,
      failed: Math.round(total / 4),
      reconnecting: Math.round(total / 2),
      completed: total,
    }[state];
    for (let i = 0; i < chunks; i++) {
      memory.elapse(PREPARED_SECONDS_PER_CHUNK * 1_000);
      api.saveChunk(id);
    }
    if (state === 'completed') api.complete(id);
    if (state === 'failed') api.fail(id);
    await client.refresh(STORY_DECK_ID);
    if (state === 'reconnecting') {
      memory.setOffline(true);
      client.store.setState((s) => ({
        jobs: {
          ...s.jobs,
          [STORY_DECK_ID]: {
            ...s.jobs[STORY_DECK_ID]!,
            sync: { code: 'network_error', message: 'Could not reach the talk track API.', failures: 3, fatal: false },
          },
        },
      }));
    }
  }
  return { client, memory };
}
