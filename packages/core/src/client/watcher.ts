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

/** What one watcher keeps between its timer's firings. */
interface WatcherRun {
  options: WatcherOptions;
  clock: Clock;
  random: () => number;
  timing: PollTiming;
  longPollMs: number;
  polls: Map<string, PollState>;
  timer: unknown;
  timerAt: number;
  starts: number;
}

/**
 * Polls every active job, in the leader tab only, with one timer: it fires at the earliest due
 * job and reads every job that is due. Each job keeps its own rhythm, so one failing job backs off
 * without slowing the others. A job leaves the schedule when it ends.
 */
export function createWatcher(options: WatcherOptions): Watcher {
  const run: WatcherRun = {
    options,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    timing: withDefaults(options.timing),
    longPollMs: options.longPollMs ?? 0,
    polls: new Map(),
    timer: null,
    timerAt: Infinity,
    starts: 0,
  };
  const { store, visibility, leadership } = options;
  let stopAll: (() => void) | null = null;

  return {
    start() {
      if (run.starts++ === 0) {
        const subscriptions = [
          store.subscribe(() => reconcile(run)),
          visibility.subscribe((hidden) => onVisibility(run, hidden)),
          leadership.subscribe(() => reconcile(run)),
          (options.online ?? windowOnlineEvents)(() => onOnline(run)),
        ];
        stopAll = () => subscriptions.forEach((stop) => stop());
        reconcile(run);
      }
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        if (--run.starts === 0) {
          stopAll?.();
          stopAll = null;
          reconcile(run);
        }
      };
    },
  };
}

/** The default timing, overridden only by the values given: an explicit `undefined` must not wipe a default. */
function withDefaults(given: Partial<PollTiming> = {}): PollTiming {
  const timing = { ...DEFAULT_POLL_TIMING };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) timing[key as keyof PollTiming] = value;
  return timing;
}

function delay(run: WatcherRun, poll: Pick<PollState, 'failures' | 'fatal'>): number {
  return poll.fatal
    ? run.timing.maxBackoffMs
    : nextPollDelay(run.timing, { hidden: run.options.visibility.isHidden(), failures: poll.failures }, run.random);
}

/** Brings the schedule in line with the store: a poll per active job while this tab leads, none otherwise. */
function reconcile(run: WatcherRun) {
  const { polls, options } = run;
  if (!run.starts || !options.leadership.isLeader()) {
    // A read the server is holding would otherwise outlive the watcher by up to its wait.
    for (const poll of polls.values()) poll.abort?.abort();
    polls.clear();
    return arm(run, Infinity);
  }
  const now = run.clock.now();
  const active = new Map<string, TrackedJob>();
  for (const job of Object.values(options.store.getState().jobs)) {
    if (isActiveStatus(job.status)) active.set(job.jobId, job);
  }
  for (const [id, poll] of polls) {
    if (active.has(id)) continue;
    poll.abort?.abort();
    polls.delete(id);
  }
  for (const [id, job] of active) if (!polls.has(id)) polls.set(id, firstPoll(run, job, now));
  let earliest = Infinity;
  for (const poll of polls.values()) if (!poll.inFlight) earliest = Math.min(earliest, poll.dueAt);
  arm(run, earliest);
}

/**
 * A job entering the schedule. With fresh data it is next due one interval after its last read,
 * by whichever tab; one restored from storage lacks its slides and is read at once.
 */
function firstPoll(run: WatcherRun, job: TrackedJob, now: number): PollState {
  const lastAt = (job.fresh && run.options.lastReadAt?.(job.jobId)) || now;
  const poll = { failures: job.sync?.failures ?? 0, fatal: job.sync?.fatal ?? false, lastAt, inFlight: false };
  // Long-polling reads at once: the server does the waiting.
  const wait = run.longPollMs > 0 && !run.options.visibility.isHidden() && poll.failures === 0 ? 0 : delay(run, poll);
  return { ...poll, dueAt: job.fresh ? lastAt + wait : now };
}

function arm(run: WatcherRun, at: number) {
  if (at === run.timerAt) return;
  if (run.timer !== null) run.clock.clearTimeout(run.timer);
  run.timer = null;
  run.timerAt = at;
  if (at === Infinity) return;
  run.timer = run.clock.setTimeout(() => tick(run), Math.max(0, at - run.clock.now()));
}

function tick(run: WatcherRun) {
  run.timer = null;
  run.timerAt = Infinity;
  const now = run.clock.now();
  for (const [id, poll] of run.polls) if (!poll.inFlight && poll.dueAt <= now) void read(run, id, poll);
  reconcile(run);
}

async function read(run: WatcherRun, jobId: string, poll: PollState) {
  const { clock, longPollMs, options } = run;
  const { dispatch, visibility } = options;
  const job = Object.values(options.store.getState().jobs).find((candidate) => candidate.jobId === jobId);
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
    const snapshot = await (since
      ? options.transport.get(jobId, { waitForChangeMs: longPollMs, since, signal: abort!.signal })
      : options.transport.get(jobId));
    poll.failures = 0;
    poll.fatal = false;
    // Read again at once after a change or a full hold; a quick answer with no change means the
    // read was not held (a transport that ignores `waitForChangeMs`): wait the interval.
    poll.again =
      longPollMs > 0 &&
      !refused &&
      (!since || snapshot.updatedAt !== since || clock.now() - startedAt >= longPollMs / 2);
    dispatch({ type: 'snapshot', snapshot, at: clock.now() });
    if (job.sync) dispatch({ type: 'sync', deckId: job.deckId, jobId, sync: null });
  } catch (error) {
    // Stopped on purpose (the watcher stopped, the job ended elsewhere): nothing went wrong.
    if (abort?.signal.aborted) return;
    readFailed(run, job, poll, error);
  } finally {
    poll.inFlight = false;
    poll.lastAt = clock.now();
    poll.dueAt = poll.lastAt + (poll.again && !visibility.isHidden() ? 0 : (poll.plainAfterMs ?? delay(run, poll)));
    reconcile(run);
  }
}

function readFailed(run: WatcherRun, job: TrackedJob, poll: PollState, error: unknown) {
  const { dispatch } = run.options;
  const { deckId, jobId } = job;
  const apiError = error instanceof TalkTrackApiError ? error : null;
  if (apiError?.code === API_ERROR_CODES.tooManyHeldReads) {
    // Not a failure: the server holds enough reads already. Poll plainly once, when it says.
    poll.plainAfterMs = apiError.retryAfterMs ?? run.timing.intervalMs;
  } else if (apiError?.code === API_ERROR_CODES.notFound) {
    // Deleted by cleanup, or another user's job left in a shared browser: nothing to watch.
    dispatch({ type: 'forget', deckId, jobId });
  } else {
    const fatal = apiError !== null && !apiError.retryable;
    poll.failures += 1;
    poll.fatal = fatal;
    const message = error instanceof Error ? error.message : String(error);
    dispatch({
      type: 'sync',
      deckId,
      jobId,
      sync: { code: apiError?.code ?? CLIENT_ERROR_CODES.networkError, message, failures: poll.failures, fatal },
    });
  }
}

function onVisibility(run: WatcherRun, hidden: boolean) {
  if (hidden) return;
  run.options.leadership.claim();
  // Back in view after slow hidden polling: read now, unless the last read is recent or we are backing off.
  const now = run.clock.now();
  for (const poll of run.polls.values()) {
    if (poll.failures === 0) poll.dueAt = Math.min(poll.dueAt, Math.max(now, poll.lastAt + run.timing.intervalMs));
  }
  reconcile(run);
}

function onOnline(run: WatcherRun) {
  // The backoff (up to a minute) was for a network that is back: read now, not when it runs out.
  const now = run.clock.now();
  for (const poll of run.polls.values()) if (poll.failures && !poll.fatal) poll.dueAt = now;
  reconcile(run);
}
