import { API_ERROR_CODES, type JobSnapshot } from '../api.ts';
import type { DeckInput } from '../deckSchema.ts';
import { isActiveStatus } from '../jobStatus.ts';
import type { StateStorage } from 'zustand/middleware';
import { applyJobEvent } from './applyJobEvent.ts';
import { systemClock, type Clock } from './clock.ts';
import { createHttpTransport } from './httpTransport.ts';
import {
  browserStorage,
  createTrackedJobsStore,
  DEFAULT_STORAGE_KEY,
  type TrackedJobsStore,
} from './trackedJobsStore.ts';
import { createLockLeadership, createSoloLeadership } from './leadership.ts';
import { browserLocks, type LockManagerLike } from './locks.ts';
import { createNoticeFeed, type NoticeFeed } from './noticeFeed.ts';
import type { OnlineEvents } from './onlineEvents.ts';
import { createNotificationLedger } from './notificationLedger.ts';
import { isJobEvent } from './persistedJobs.ts';
import type { PollTiming } from './pollSchedule.ts';
import { createBroadcastTabChannel, type TabChannel } from './tabChannel.ts';
import { TalkTrackApiError } from './TalkTrackApiError.ts';
import type { JobEvent, TrackedJob } from './trackedJob.ts';
import type { TalkTrackTransport } from './transport.ts';
import { createDocumentVisibility, type VisibilitySource } from './visibility.ts';
import { createWatcher, type Watcher } from './watcher.ts';

export interface TalkTrackClientOptions extends Partial<PollTiming> {
  /** Where the route handlers are mounted. Default `/api/generate/talk-track`. Ignored when `transport` is given. */
  basePath?: string;
  /** Ignored when `transport` is given. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: `createHttpTransport({ basePath, fetch })`. */
  transport?: TalkTrackTransport;
  /** Prefix of every storage key, lock and channel name. Default `'talk-track'`; add the user id if people share a browser. */
  storageKey?: string;
  /** Default: `localStorage` where it exists. `null` persists nothing. */
  storage?: StateStorage | null;
  /** Default: `navigator.locks`. Without locks, every tab polls for itself. */
  locks?: LockManagerLike | null;
  /** Default: a `BroadcastChannel` named after `storageKey`. `null` keeps the tab to itself. */
  channel?: TabChannel<JobEvent> | null;
  /** Default: the document's visibility. */
  visibility?: VisibilitySource;
  /** Default: the window's `online` event (failing reads retry at once when the network is back). */
  online?: OnlineEvents;
  /**
   * Long-polling: while the tab is visible, each read asks the server to hold it until the job
   * changes, for up to this many milliseconds (the route handler caps it at 8 s), and the next
   * read follows at once, so a change is seen within about half a second instead of half the
   * polling interval. Costs the server about two row reads a second per watched job. Default 0 (off).
   */
  longPollMs?: number;
  /** Default: `systemClock` (`Date.now` and the global timers). */
  clock?: Clock;
  random?: () => number;
}

export interface StartOptions {
  /** Repeating a start with the same key returns the same job instead of a second one. */
  idempotencyKey?: string;
}

/** Everything the React layer binds to; usable without React too. */
export interface TalkTrackClient {
  readonly store: TrackedJobsStore;
  readonly transport: TalkTrackTransport;
  readonly notices: NoticeFeed;
  /** Reads storage (the first time), joins the other tabs and starts the watcher. Reference-counted; returns its undo. */
  mount(): () => void;
  /** Starts a job for the deck; when one is already running for it (another tab, a double click), tracks that one instead. */
  start(deck: DeckInput, options?: StartOptions): Promise<JobSnapshot>;
  cancel(deckId: string): Promise<JobSnapshot | null>;
  retry(deckId: string): Promise<JobSnapshot | null>;
  /** The client's clock (ms since epoch): the ETA is measured on it. */
  now(): number;
  /** Whether this tab is the one polling for the origin (while mounted). */
  isLeader(): boolean;
  /** One read of the deck's job, shared by concurrent callers (e.g. to restore a finished result after a reload). */
  refresh(deckId: string): Promise<JobSnapshot | null>;
  /**
   * Declares that something shows this deck (`useTalkTrackJob` calls it while mounted); returns its
   * undo. Once stored jobs are read: a finished job restored without its result is read once, and
   * a deck with nothing stored is looked up on the server (`transport.findLatest`) once per page
   * load, so a job survives lost or corrupt storage and is found from another browser. While that
   * lookup runs the deck is in `store.getState().finding`.
   */
  watchDeck(deckId: string): () => void;
}

export function createTalkTrackClient(options: TalkTrackClientOptions = {}): TalkTrackClient {
  const key = options.storageKey ?? DEFAULT_STORAGE_KEY;
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const locks = options.locks === undefined ? browserLocks() : (options.locks ?? undefined);
  const transport = options.transport ?? createHttpTransport({ basePath: options.basePath, fetch: options.fetch });
  const channel = options.channel === undefined ? createBroadcastTabChannel<JobEvent>(key) : options.channel;
  const visibility = options.visibility ?? createDocumentVisibility();
  const clock = options.clock ?? systemClock;
  const store = createTrackedJobsStore({ name: key, storage });
  const ledger = createNotificationLedger({ name: `${key}:notified`, storage, locks });
  const leadership = locks ? createLockLeadership(locks, `${key}:leader`) : createSoloLeadership();
  const events = createJobEvents(store, channel, clock);
  const watcher = createWatcher({
    store,
    dispatch: events.dispatch,
    transport,
    leadership,
    visibility,
    clock,
    random: options.random,
    online: options.online,
    lastReadAt: events.lastReadAt,
    longPollMs: options.longPollMs,
    timing: {
      intervalMs: options.intervalMs,
      hiddenIntervalMs: options.hiddenIntervalMs,
      maxBackoffMs: options.maxBackoffMs,
    },
  });
  const actions = createJobActions(store, transport, events);
  return {
    store,
    transport,
    notices: createNoticeFeed(store, ledger, visibility),
    mount: createMount(store, channel, events, watcher),
    now: () => clock.now(),
    isLeader: () => leadership.isLeader(),
    ...actions,
  };
}

/** How the tracked jobs change: every event is applied here and posted to the other tabs. */
interface JobEvents {
  /** Applies an event another tab posted. */
  apply(event: JobEvent): void;
  /** Applies an event this tab learned of, and tells the other tabs. */
  dispatch(event: JobEvent): void;
  /** Dispatches a snapshot read now; returns it. */
  track(snapshot: JobSnapshot): JobSnapshot;
  now(): number;
  /** When any tab last read the job. */
  lastReadAt(jobId: string): number | undefined;
}

function createJobEvents(store: TrackedJobsStore, channel: TabChannel<JobEvent> | null, clock: Clock): JobEvents {
  // Kept beside the store, not in it: a read that changes nothing must not re-render anything.
  const readAt = new Map<string, number>();
  const apply = (event: JobEvent) => {
    if (event.type === 'snapshot') readAt.set(event.snapshot.id, event.at);
    const { jobs } = store.getState();
    const next = applyJobEvent(jobs, event);
    if (next !== jobs) store.setState({ jobs: next });
  };
  const dispatch = (event: JobEvent) => {
    apply(event);
    channel?.post(event);
  };
  return {
    apply,
    dispatch,
    track(snapshot) {
      dispatch({ type: 'snapshot', snapshot, at: clock.now() });
      return snapshot;
    },
    now: () => clock.now(),
    lastReadAt: (jobId) => readAt.get(jobId),
  };
}

/** Reads storage (the first time), joins the other tabs and starts the watcher, reference-counted. */
function createMount(
  store: TrackedJobsStore,
  channel: TabChannel<JobEvent> | null,
  events: JobEvents,
  watcher: Watcher,
): TalkTrackClient['mount'] {
  let mounts = 0;
  let unmount: (() => void) | null = null;
  return () => {
    if (mounts++ === 0) {
      if (!store.persist.hasHydrated()) void store.persist.rehydrate();
      // Another tab's word is checked like a stored entry: a malformed message is dropped, never applied.
      const stopChannel = channel?.subscribe((message: unknown) => isJobEvent(message) && events.apply(message));
      const stopWatcher = watcher.start();
      unmount = () => {
        stopWatcher();
        stopChannel?.();
      };
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--mounts === 0) unmount?.();
    };
  };
}

/** What the client does for one deck's job, each answer applied to the tracked jobs. Plain functions, so destructured methods keep working. */
function createJobActions(
  store: TrackedJobsStore,
  transport: TalkTrackTransport,
  events: JobEvents,
): Pick<TalkTrackClient, 'start' | 'cancel' | 'retry' | 'refresh' | 'watchDeck'> {
  const { track } = events;
  const jobOf = (deckId: string): TrackedJob | undefined => store.getState().jobs[deckId];
  const refresh = createSharedRefresh(jobOf, transport, events);
  const lookUp = createDeckLookup(store, transport, events);

  // A second active job for the deck is refused with the running one's id: follow that one.
  const adoptActive = (error: unknown) => {
    if (error instanceof TalkTrackApiError && error.code === API_ERROR_CODES.jobAlreadyActive && error.jobId)
      return transport.get(error.jobId).then(track);
    throw error;
  };

  return {
    start: (deck, startOptions = {}) =>
      transport
        .create(deck, { idempotencyKey: startOptions.idempotencyKey })
        .then(({ job }) => track(job), adoptActive),
    cancel: async (deckId) => {
      const job = jobOf(deckId);
      if (!job) return null;
      return transport.cancel(job.jobId).then(track, (error: unknown) => {
        // Already over (it finished a moment ago): show how it ended.
        if (error instanceof TalkTrackApiError && error.code === API_ERROR_CODES.invalidTransition)
          return refresh(deckId);
        throw error;
      });
    },
    retry: async (deckId) => {
      const job = jobOf(deckId);
      if (!job) return null;
      return transport.retry(job.jobId).then(track, adoptActive);
    },
    refresh,
    watchDeck(deckId) {
      lookUp.allowAgain(deckId);
      const check = () => {
        lookUp.run(deckId);
        const job = jobOf(deckId);
        // After a reload a finished job is known but its result is not (it is not stored): read it once.
        if (job && !job.fresh && !isActiveStatus(job.status)) refresh(deckId).catch(() => {});
      };
      check();
      return store.subscribe(check);
    },
  };
}

/** One read of a deck's job, shared by concurrent callers. */
function createSharedRefresh(
  jobOf: (deckId: string) => TrackedJob | undefined,
  transport: TalkTrackTransport,
  { dispatch, track }: JobEvents,
) {
  const reads = new Map<string, Promise<JobSnapshot | null>>();
  return (deckId: string): Promise<JobSnapshot | null> => {
    const job = jobOf(deckId);
    if (!job) return Promise.resolve(null);
    const pending = reads.get(job.jobId);
    if (pending) return pending;
    const read = transport
      .get(job.jobId)
      .then((snapshot) => {
        track(snapshot);
        if (job.sync) dispatch({ type: 'sync', deckId, jobId: job.jobId, sync: null });
        return snapshot;
      })
      .catch((error: unknown) => {
        if (error instanceof TalkTrackApiError && error.code === API_ERROR_CODES.notFound) {
          dispatch({ type: 'forget', deckId, jobId: job.jobId });
          return null;
        }
        throw error;
      })
      .finally(() => reads.delete(job.jobId));
    reads.set(job.jobId, read);
    return read;
  };
}

/**
 * Asks the server for the latest job of a deck with nothing stored, once per page load (again
 * after a failed lookup). While it runs the deck is in `store.getState().finding`.
 */
function createDeckLookup(store: TrackedJobsStore, transport: TalkTrackTransport, { dispatch, now }: JobEvents) {
  // Per deck, this page load: looked up (true), or the lookup failed (false: the next watchDeck asks again).
  const lookups = new Map<string, boolean>();
  const setFinding = (deckId: string, on: boolean) => {
    const { finding } = store.getState();
    store.setState({ finding: on ? [...finding, deckId] : finding.filter((id) => id !== deckId) });
  };
  return {
    allowAgain(deckId: string) {
      if (lookups.get(deckId) === false) lookups.delete(deckId);
    },
    run(deckId: string) {
      const { hydrated, jobs } = store.getState();
      if (!hydrated || jobs[deckId] || lookups.has(deckId) || !transport.findLatest) return;
      lookups.set(deckId, true);
      setFinding(deckId, true);
      transport
        .findLatest(deckId)
        // Found means this browser lost track of it: announce how it ends even if it already has,
        // unless the ledger (its own storage key) says this origin announced that ending before.
        .then(
          (snapshot) => {
            if (snapshot) dispatch({ type: 'snapshot', snapshot, at: now(), watched: true });
          },
          () => void lookups.set(deckId, false),
        )
        .finally(() => setFinding(deckId, false));
    },
  };
}
