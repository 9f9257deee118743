'use client';

import { useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  estimateCompletionAt,
  isActiveStatus,
  type DeckInput,
  type JobSnapshot,
  type StartOptions,
  type SyncProblem,
  type TrackedJob,
} from '@talk-track/core/client';
import { sameOnScreen } from './sameOnScreen.ts';
import { HiddenNotifierContext, useTalkTrackClient } from './talkTrackContext.ts';

/** The snapshot fields the hook passes on as the client holds them. */
const JOB_FIELDS = [
  'progress',
  'currentChunk',
  'totalChunks',
  'slideCount',
  'slides',
  'result',
  'error',
] as const satisfies readonly (keyof TrackedJob)[];

/** What the hook answers before a job is known for the deck. */
const NO_JOB: Pick<TalkTrackJob, 'status' | 'jobId' | 'queueAhead' | (typeof JOB_FIELDS)[number]> = {
  status: 'idle',
  jobId: null,
  progress: 0,
  currentChunk: 0,
  totalChunks: 0,
  slideCount: 0,
  slides: [],
  result: null,
  error: null,
  queueAhead: null,
};

export interface TalkTrackJob extends Pick<JobSnapshot, (typeof JOB_FIELDS)[number]> {
  /** `'idle'` when no job is known for the deck (or before stored jobs are read, see `isHydrated`). */
  status: JobSnapshot['status'] | 'idle';
  jobId: JobSnapshot['id'] | null;
  /** Why the last status reads failed (the watcher keeps trying). */
  syncError: SyncProblem | null;
  /** Why the last `start`, `cancel` or `retry` of this component failed. */
  actionError: Error | null;
  isActive: boolean;
  /**
   * Milliseconds left: before the first chunk ends, the server's estimate from past jobs (`null`
   * without history); then measured from finished chunks.
   */
  etaMs: number | null;
  /** While the job waits its turn for the host's LLM concurrency limit: jobs ahead of it. `null` when it is not waiting. */
  queueAhead: TrackedJob['queueAhead'];
  /**
   * False until this deck's job is known: stored jobs read after mount and, when none was stored,
   * the server asked for the deck's latest job. Don't offer "Generate" for a job that may already run.
   */
  isHydrated: boolean;
  /** Starts a job for this deck (`deck.id` must be this hook's `deckId`). Never rejects: a failure lands in `actionError` and resolves `null`. */
  start(deck: DeckInput, options?: StartOptions): Promise<JobSnapshot | null>;
  cancel(): Promise<JobSnapshot | null>;
  retry(): Promise<JobSnapshot | null>;
}

/**
 * The talk track job of one deck, kept up to date by the provider's watcher. Subscribes to that
 * deck's entry only: another deck's progress does not re-render this component.
 */
export function useTalkTrackJob(deckId: string): TalkTrackJob {
  const client = useTalkTrackClient();
  const { store } = client;
  // The version last shown, kept while newer ones look the same (heartbeats): no render for them.
  const shown = useRef<TrackedJob | undefined>(undefined);
  const job = useSyncExternalStore(
    store.subscribe,
    () => {
      const latest = store.getState().jobs[deckId];
      if (!sameOnScreen(shown.current, latest)) shown.current = latest;
      return shown.current;
    },
    () => undefined,
  );
  const isHydrated = useSyncExternalStore(
    store.subscribe,
    () => store.getState().hydrated && !store.getState().finding.includes(deckId),
    () => false,
  );
  const [actionError, setActionError] = useState<Error | null>(null);
  const notifier = useContext(HiddenNotifierContext);

  // The client reads a restored result, and asks the server for a job storage lost, while this deck is shown.
  useEffect(() => client.watchDeck(deckId), [client, deckId]);

  const run = useCallback((action: () => Promise<JobSnapshot | null>) => {
    setActionError(null);
    return action().catch((error: unknown) => {
      setActionError(error instanceof Error ? error : new Error(String(error)));
      return null;
    });
  }, []);

  const start = useCallback(
    (deck: DeckInput, options?: StartOptions) => {
      if (deck.id !== deckId)
        throw new Error(
          `start(deck) got deck "${deck.id}" but this useTalkTrackJob watches "${deckId}": pass the deck whose id you gave the hook.`,
        );
      // Now, in the click that started the job: browsers ignore (or penalise) asking at any other moment.
      notifier?.requestPermission();
      return run(() => client.start(deck, options));
    },
    [client, deckId, run, notifier],
  );
  const cancel = useCallback(() => run(() => client.cancel(deckId)), [client, deckId, run]);
  const retry = useCallback(() => run(() => client.retry(deckId)), [client, deckId, run]);

  // No clock read without a job: Next's prerender (cacheComponents) refuses Date.now() in a render.
  return useMemo(
    () => view(job, job ? client.now() : 0, { isHydrated, actionError, start, cancel, retry }),
    [job, client, isHydrated, actionError, start, cancel, retry],
  );
}

function view(
  job: TrackedJob | undefined,
  now: number,
  rest: Pick<TalkTrackJob, 'isHydrated' | 'actionError' | 'start' | 'cancel' | 'retry'>,
): TalkTrackJob {
  if (!job) return { ...NO_JOB, syncError: null, isActive: false, etaMs: null, ...rest };
  const completionAt = estimateCompletionAt(job);
  return {
    ...(Object.fromEntries(JOB_FIELDS.map((field) => [field, job[field]])) as Pick<
      TrackedJob,
      (typeof JOB_FIELDS)[number]
    >),
    status: job.status,
    jobId: job.jobId,
    queueAhead: job.queueAhead,
    syncError: job.sync,
    isActive: isActiveStatus(job.status),
    etaMs: completionAt === null ? null : Math.max(0, completionAt - now),
    ...rest,
  };
}
