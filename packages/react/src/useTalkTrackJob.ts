'use client';

import { useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { isActiveStatus, type DeckInput, type JobError, type JobSnapshot, type JobStatus, type TalkTrack, type TalkTrackSlide } from '@talk-track/core/client';
import { estimateCompletionAt, type StartOptions, type SyncProblem, type TrackedJob } from '@talk-track/core/client';
import { jobViewState, type TalkTrackViewState } from './jobViewState.ts';
import { sameOnScreen } from './sameOnScreen.ts';
import { HiddenNotifierContext, useTalkTrackClient } from './talkTrackContext.ts';

export interface TalkTrackJob {
  /** `'idle'` when no job is known for the deck (or before stored jobs are read, see `isHydrated`). */
  status: JobStatus | 'idle';
  /** The status as the components show it: `queued`, `running`, `reconnecting`, … */
  state: TalkTrackViewState;
  jobId: string | null;
  /** 0–100. */
  progress: number;
  /** Chunks finished. */
  currentChunk: number;
  totalChunks: number;
  slideCount: number;
  /** Slides finished so far, in deck order. */
  slides: TalkTrackSlide[];
  result: TalkTrack | null;
  /** Why the job failed. */
  error: JobError | null;
  /** Why the last status reads failed (the watcher keeps trying). */
  syncError: SyncProblem | null;
  /** Why the last `start`, `cancel` or `retry` of this component failed. */
  actionError: Error | null;
  isActive: boolean;
  /** Milliseconds left, measured from finished chunks; `null` until one has finished. */
  etaMs: number | null;
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
      if (deck.id !== deckId) throw new Error(`start(deck) got deck "${deck.id}" but this useTalkTrackJob watches "${deckId}": pass the deck whose id you gave the hook.`);
      // Now, in the click that started the job: browsers ignore (or penalise) asking at any other moment.
      notifier?.requestPermission();
      return run(() => client.start(deck, options));
    },
    [client, deckId, run, notifier],
  );
  const cancel = useCallback(() => run(() => client.cancel(deckId)), [client, deckId, run]);
  const retry = useCallback(() => run(() => client.retry(deckId)), [client, deckId, run]);

  // No clock read without a job: Next's prerender (cacheComponents) refuses Date.now() in a render.
  return useMemo(() => view(job, job ? client.now() : 0, { isHydrated, actionError, start, cancel, retry }), [job, client, isHydrated, actionError, start, cancel, retry]);
}

function view(job: TrackedJob | undefined, now: number, rest: Pick<TalkTrackJob, 'isHydrated' | 'actionError' | 'start' | 'cancel' | 'retry'>): TalkTrackJob {
  const status = job?.status ?? 'idle';
  const reconnecting = !!job?.sync && !job.sync.fatal;
  const completionAt = job ? estimateCompletionAt(job) : null;
  return {
    status,
    state: jobViewState(status, reconnecting),
    jobId: job?.jobId ?? null,
    progress: job?.progress ?? 0,
    currentChunk: job?.currentChunk ?? 0,
    totalChunks: job?.totalChunks ?? 0,
    slideCount: job?.slideCount ?? 0,
    slides: job?.slides ?? NO_SLIDES,
    result: job?.result ?? null,
    error: job?.error ?? null,
    syncError: job?.sync ?? null,
    isActive: isActiveStatus(status as JobStatus),
    etaMs: completionAt === null ? null : Math.max(0, completionAt - now),
    ...rest,
  };
}

const NO_SLIDES: TalkTrackSlide[] = [];
