import { API_ERROR_CODES } from '../api.ts';
import { isActiveStatus } from '../jobStatus.ts';
import { systemClock, type Clock } from './clock.ts';
import type { TrackedJobsStore } from './trackedJobsStore.ts';
import type { Leadership } from './leadership.ts';
import { windowOnlineEvents, type OnlineEvents } from './onlineEvents.ts';
import { DEFAULT_POLL_TIMING, nextPollDelay, type PollTiming } from './pollSchedule.ts';
import { CLIENT_ERROR_CODES, TalkTrackApiError } from './TalkTrackApiError.ts';
import type { JobEvent, TrackedJob } from './trackedJob.ts';
import type { TalkTrackTransport } from './transport.ts';
import type { VisibilitySource } from './visibility.ts';

export interface WatcherOptions {
  store: TrackedJobsStore;
  /** Applies an event here and tells the other tabs. */
  dispatch(event: JobEvent): void;
  transport: TalkTrackTransport;
  leadership: Leadership;
  visibility: VisibilitySource;
  /** When any tab last read the job (so a tab that takes over the polling keeps the rhythm). */
  lastReadAt?: (jobId: string) => number | undefined;
  /** Default: `systemClock`. */
  clock?: Clock;
  random?: () => number;
  timing?: Partial<PollTiming>;
  /** When the network comes back, reads that were failing run at once instead of waiting out their backoff. Default: the window's `online` event. */
  online?: OnlineEvents;
  /** Hold each visible read on the server until the job changes, up to this long, and read again at once. Default 0 (plain polling). */
  longPollMs?: number;
}

export interface Watcher {
  /** Starts polling (reference-counted: the last `stop` ends it). */
  start(): () => void;
}

interface PollState {
  dueAt: number;
  failures: number;
  /** The last read was refused for good (401, 403…): keep asking, rarely, in case the person signs in again. */
  fatal: boolean;
  lastAt: number;
  inFlight: boolean;
  /** Long-polling: the server held the last read (or answered a change), so the next one goes out at once. */
  again?: boolean;
  /** Ends a held read when polling stops. */
  abort?: AbortController;
  /** The server refused to hold a read (too many held already): the next read is plain, after this long. */
  plainAfterMs?: number;
}

/**
 * Polls every active job, in the leader tab only, with one timer: it fires at the earliest due
 * job and reads every job that is due. Each job keeps its own rhythm, so one failing job backs off
 * without slowing the others. A job leaves the schedule when it ends.
 */
export function createWatcher(options: WatcherOptions): Watcher {
  const { store, dispatch, transport, leadership, visibility } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const timing = { ...DEFAULT_POLL_TIMING };
  // Only the values given: an explicit `undefined` must not wipe a default.
  for (const [key, value] of Object.entries(options.timing ?? {})) if (value !== undefined) timing[key as keyof PollTiming] = value;
  const polls = new Map<string, PollState>();
  let timer: unknown = null;
  let timerAt = Infinity;
  let starts = 0;
  let stopAll: (() => void) | null = null;

  const delay = (poll: Pick<PollState, 'failures' | 'fatal'>) =>
    poll.fatal ? timing.maxBackoffMs : nextPollDelay(timing, { hidden: visibility.isHidden(), failures: poll.failures }, random);

  const longPollMs = options.longPollMs ?? 0;

  function reconcile() {
    if (!starts || !leadership.isLeader()) {
      // A read the server is holding would otherwise outlive the watcher by up to its wait.
      for (const poll of polls.values()) poll.abort?.abort();
      polls.clear();
      return arm(Infinity);
    }
    const now = clock.now();
    const active = new Map<string, TrackedJob>();
    for (const job of Object.values(store.getState().jobs)) {
      if (isActiveStatus(job.status)) active.set(job.jobId, job);
    }
    for (const [id, poll] of polls) {
      if (active.has(id)) continue;
      poll.abort?.abort();
      polls.delete(id);
    }
    for (const [id, job] of active) {
      if (polls.has(id)) continue;
      // A job with fresh data is next due one interval after its last read, by whichever tab; one
      // restored from storage lacks its slides and is read at once.
      const lastAt = (job.fresh && options.lastReadAt?.(id)) || now;
      const poll = { failures: job.sync?.failures ?? 0, fatal: job.sync?.fatal ?? false, lastAt, inFlight: false };
      // Long-polling reads at once: the server does the waiting.
      const wait = longPollMs > 0 && !visibility.isHidden() && poll.failures === 0 ? 0 : delay(poll);
      polls.set(id, { ...poll, dueAt: job.fresh ? lastAt + wait : now });
    }
    let earliest = Infinity;
    for (const poll of polls.values()) if (!poll.inFlight) earliest = Math.min(earliest, poll.dueAt);
    arm(earliest);
  }

  function arm(at: number) {
    if (at === timerAt) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    timerAt = at;
    if (at === Infinity) return;
    timer = clock.setTimeout(tick, Math.max(0, at - clock.now()));
  }

  function tick() {
    timer = null;
    timerAt = Infinity;
    const now = clock.now();
    for (const [id, poll] of polls) if (!poll.inFlight && poll.dueAt <= now) void read(id, poll);
    reconcile();
  }

  async function read(jobId: string, poll: PollState) {
    const job = Object.values(store.getState().jobs).find((candidate) => candidate.jobId === jobId);
    if (!job) return;
    poll.inFlight = true;
    poll.again = false;
    const refused = poll.plainAfterMs !== undefined;
    poll.plainAfterMs = undefined;
    // Held only when we have a version to compare with: a job restored from storage is read plainly first.
    const since = longPollMs > 0 && !visibility.isHidden() && job.fresh && !refused ? job.updatedAt : undefined;
    const abort = (poll.abort = since ? new AbortController() : undefined);
    const startedAt = clock.now();
    try {
      const snapshot = await (since ? transport.get(jobId, { waitForChangeMs: longPollMs, since, signal: abort!.signal }) : transport.get(jobId));
      poll.failures = 0;
      poll.fatal = false;
      // Read again at once after a change or a full hold; a quick answer with no change means the
      // read was not held (a transport that ignores `waitForChangeMs`): wait the interval.
      poll.again = longPollMs > 0 && !refused && (!since || snapshot.updatedAt !== since || clock.now() - startedAt >= longPollMs / 2);
      dispatch({ type: 'snapshot', snapshot, at: clock.now() });
      if (job.sync) dispatch({ type: 'sync', deckId: job.deckId, jobId, sync: null });
    } catch (error) {
      // Stopped on purpose (the watcher stopped, the job ended elsewhere): nothing went wrong.
      if (abort?.signal.aborted) return;
      const apiError = error instanceof TalkTrackApiError ? error : null;
      if (apiError?.code === API_ERROR_CODES.tooManyHeldReads) {
        // Not a failure: the server holds enough reads already. Poll plainly once, when it says.
        poll.plainAfterMs = apiError.retryAfterMs ?? timing.intervalMs;
      } else if (apiError?.code === API_ERROR_CODES.notFound) {
        // Deleted by cleanup, or another user's job left in a shared browser: nothing to watch.
        dispatch({ type: 'forget', deckId: job.deckId, jobId });
      } else {
        const fatal = apiError !== null && !apiError.retryable;
        poll.failures += 1;
        poll.fatal = fatal;
        const message = error instanceof Error ? error.message : String(error);
        dispatch({ type: 'sync', deckId: job.deckId, jobId, sync: { code: apiError?.code ?? CLIENT_ERROR_CODES.networkError, message, failures: poll.failures, fatal } });
      }
    } finally {
      poll.inFlight = false;
      poll.lastAt = clock.now();
      poll.dueAt = poll.lastAt + (poll.again && !visibility.isHidden() ? 0 : (poll.plainAfterMs ?? delay(poll)));
      reconcile();
    }
  }

  function onVisibility(hidden: boolean) {
    if (hidden) return;
    leadership.claim();
    // Back in view after slow hidden polling: read now, unless the last read is recent or we are backing off.
    const now = clock.now();
    for (const poll of polls.values()) {
      if (poll.failures === 0) poll.dueAt = Math.min(poll.dueAt, Math.max(now, poll.lastAt + timing.intervalMs));
    }
    reconcile();
  }

  function onOnline() {
    // The backoff (up to a minute) was for a network that is back: read now, not when it runs out.
    const now = clock.now();
    for (const poll of polls.values()) if (poll.failures && !poll.fatal) poll.dueAt = now;
    reconcile();
  }

  return {
    start() {
      if (starts++ === 0) {
        const subscriptions = [store.subscribe(reconcile), visibility.subscribe(onVisibility), leadership.subscribe(reconcile), (options.online ?? windowOnlineEvents)(onOnline)];
        stopAll = () => subscriptions.forEach((stop) => stop());
        reconcile();
      }
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--starts === 0) {
          stopAll?.();
          stopAll = null;
          reconcile();
        }
      };
    },
  };
}
