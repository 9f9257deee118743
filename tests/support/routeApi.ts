import type { CreateJobResponse, DeckInput, JobSnapshot } from '@talk-track/core';
import {
  type PromptLimits,
  createTalkTrackHandler,
  type TalkTrackHandler,
  createEdgeFunctionInvoker,
  type StaleJobTiming,
  type JobStore,
} from '@talk-track/server';
import { apiRequest, getUserIdFromHeader, recordingLogger, type RecordingLogger } from '@talk-track/testing/server';

/** How often a browser's watcher would read a job in these tests (the real default is 3 s; shorter keeps trials quick). */
export const CLIENT_POLL_MS = 300;

export interface RouteApiOptions {
  store: JobStore;
  /** The edge function's URL; a restarted worker keeps it (same port). */
  workerUrl: string;
  workerKey: string;
  staleJobs?: StaleJobTiming;
  /** The handler's prompt budget. Default: the handler's own (`DEFAULT_PROMPT_LIMITS`). */
  limits?: Partial<PromptLimits>;
}

/** One status read as the poller saw it: the HTTP status, and the snapshot when it was a 200. */
export interface StatusRead {
  status: number;
  /** How long the handler took to answer. */
  ms: number;
  code?: string;
  snapshot?: JobSnapshot;
}

/**
 * The real route handler wired as a host app wires it — the Postgres job store and the edge function
 * invoker pointed at the Deno worker — driven the way a browser drives it: start, then status reads.
 * Nothing else touches the job, so whatever recovers a job here is what a host would get for free.
 */
export interface RouteApi {
  handler: TalkTrackHandler;
  /** What the handler logged (causes of 503s, failed invocations). */
  logger: RecordingLogger;
  /** Job ids in the order the handler invoked the worker for them (starts, retries and revivals). */
  invocations: string[];
  start(user: string, deck: DeckInput): Promise<Response>;
  /** Starts a job and returns its id; throws unless the answer is 201. */
  startJob(user: string, deck: DeckInput): Promise<string>;
  status(user: string, jobId: string): Promise<Response>;
  cancel(user: string, jobId: string): Promise<Response>;
  retry(user: string, jobId: string): Promise<Response>;
  /**
   * Reads the job every `intervalMs` (default `CLIENT_POLL_MS`), like the client's watcher, until
   * `done(snapshot)`; a non-200 answer is recorded and the polling goes on, as the watcher's does.
   */
  poll(
    user: string,
    jobId: string,
    done: (snapshot: JobSnapshot) => boolean,
    options?: PollOptions,
  ): Promise<{ snapshot: JobSnapshot; reads: StatusRead[] }>;
}

export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  /** Told of every read as it happens (a test waiting for the client to see a 503). */
  onRead?: (read: StatusRead) => void;
}

export function createRouteApi(options: RouteApiOptions): RouteApi {
  const logger = recordingLogger();
  const invocations: string[] = [];
  const invoker = createEdgeFunctionInvoker({ url: options.workerUrl, key: options.workerKey });
  const handler = createTalkTrackHandler({
    store: options.store,
    getUserId: getUserIdFromHeader,
    worker: {
      invoke(jobId) {
        invocations.push(jobId);
        return invoker.invoke(jobId);
      },
    },
    chunkSize: 5,
    logger,
    staleJobs: options.staleJobs,
    limits: options.limits,
  });
  const post = (user: string, path: string, body?: unknown) =>
    handler.handle(apiRequest(path, { user, method: 'POST', body }));

  const api: RouteApi = {
    handler,
    logger,
    invocations,
    start: (user, deck) => post(user, '', { deck }),
    async startJob(user, deck) {
      const response = await api.start(user, deck);
      if (response.status !== 201) throw new Error(`start answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as CreateJobResponse).jobId;
    },
    status: (user, jobId) => handler.handle(apiRequest(`/${jobId}`, { user })),
    cancel: (user, jobId) => post(user, `/${jobId}/cancel`),
    retry: (user, jobId) => post(user, `/${jobId}/retry`),
    async poll(user, jobId, done, { intervalMs = CLIENT_POLL_MS, timeoutMs = 30_000, onRead } = {}) {
      const reads: StatusRead[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const startedAt = performance.now();
        const response = await api.status(user, jobId);
        const body = (await response.json()) as JobSnapshot & { code?: string };
        const ms = Math.round(performance.now() - startedAt);
        const read: StatusRead =
          response.status === 200
            ? { status: 200, ms, snapshot: body }
            : { status: response.status, ms, code: body.code };
        reads.push(read);
        onRead?.(read);
        if (read.snapshot && done(read.snapshot)) return { snapshot: read.snapshot, reads };
        if (Date.now() > deadline) {
          const last = reads.at(-1);
          throw new Error(
            `job ${jobId} not done after ${timeoutMs} ms; last read: ${last?.status} ${last?.snapshot?.status ?? last?.code} ${last?.snapshot?.progress ?? ''}%`,
          );
        }
        // The client's polling interval is the behaviour under test, not a wait for an event.
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
  };
  return api;
}

export const isTerminal = (snapshot: JobSnapshot) => snapshot.status !== 'pending' && snapshot.status !== 'processing';
