import { API_ERROR_CODES, DEFAULT_API_BASE_PATH } from '@talk-track/core';
import { DEFAULT_CHUNK_SIZE } from '../chunkPlan/chunkPlanner.ts';
import { DEFAULT_PROMPT_LIMITS, type PromptLimits } from '../chunkPlan/promptBudget.ts';
import type { JobStore } from '../jobStore.ts';
import { apiError } from '../shared/apiError.ts';
import { errorResponse } from './errorResponse.ts';
import { handleCreateJob } from './handleCreateJob.ts';
import { handleFindJob } from './handleFindJob.ts';
import { handleGetJob } from './handleGetJob.ts';
import { handleJobAction } from './handleJobAction.ts';
import type { HandlerContext } from './handlerContext.ts';
import {
  DEFAULT_MAX_HELD_READS,
  DEFAULT_MAX_HELD_READS_PER_USER,
  createHeldReadLimiter,
  type HeldReadLimits,
} from './heldReadLimiter.ts';
import { consoleLogger, type TalkTrackLogger } from '../shared/logger.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../shared/parseJsonBody.ts';
import { matchRoute, type Route } from './route.ts';
import { createStaleJobReviver, type StaleJobTiming } from './staleJobReviver.ts';
import type { WorkerInvoker } from '../shared/workerInvoker.ts';

/** A start must answer in well under a second; a warm edge function accepts (202) in a fraction of that. */
export const DEFAULT_INVOKE_WAIT_MS = 800;

export interface TalkTrackHandlerOptions {
  store: JobStore;
  /** The signed-in user's id (a uuid, as in `auth.users`), or `null` to answer 401. */
  getUserId(request: Request): string | null | Promise<string | null>;
  /** Starts the worker for a job; see `createEdgeFunctionInvoker`. */
  worker: WorkerInvoker;
  /** Most slides per LLM call (fewer where their text fills the request: see `limits`). Default `DEFAULT_CHUNK_SIZE` (5). */
  chunkSize?: number;
  /**
   * How much slide text a deck may send to the model: per request (`maxChunkChars`, default
   * 100,000) and per deck (`maxDeckChars`, default 600,000). Chunks are planned so that no request
   * is over `maxChunkChars` unless one slide alone is, and a slide over half of it is generated
   * alone. A deck over either gets a 422 naming the slide and by how much it is over. Default
   * `DEFAULT_PROMPT_LIMITS`.
   */
  limits?: Partial<PromptLimits>;
  /** Where the handler is mounted. Default `/api/generate/talk-track`. */
  basePath?: string;
  /** Largest accepted request body. Default 1 MB. */
  maxBodyBytes?: number;
  /**
   * How long a start or retry waits for the worker to accept the job before answering anyway
   * (the invocation itself goes on, up to the invoker's own timeout). Default 800 ms, so a start
   * answers in under a second even when the edge function is cold.
   */
  invokeWaitMs?: number;
  /** Where causes of 503s and failed invocations are reported. Default `console`. */
  logger?: TalkTrackLogger;
  /** Keeps background invocations alive after the response where the platform freezes the function (e.g. `waitUntil` from `@vercel/functions`). */
  waitUntil?: (promise: Promise<unknown>) => void;
  /**
   * When a status read re-invokes the worker of a stuck job (see `StaleJobTiming`). Defaults:
   * pending and unclaimed for 10 s, at most one revival per job per 5 s per handler instance.
   */
  staleJobs?: StaleJobTiming;
  /**
   * How many status reads may be held open at once (long-polling, `?waitForChangeMs=`), counted in
   * this server process: `perUser` (default 4) and `total` (default 500). A held read past either
   * gets a 429 `too_many_held_reads` with `Retry-After: 3`; the client then reads without waiting.
   * Plain status reads are never refused.
   */
  heldReads?: Partial<HeldReadLimits>;
}

export interface TalkTrackHandler {
  handle(request: Request): Promise<Response>;
  GET(request: Request): Promise<Response>;
  POST(request: Request): Promise<Response>;
}

/**
 * The talk track HTTP API as one Fetch-API handler: mount it under `basePath` with a catch-all
 * route (`app/api/generate/talk-track/[[...path]]/route.ts`: `export const { GET, POST } = handler`).
 */
export function createTalkTrackHandler(options: TalkTrackHandlerOptions): TalkTrackHandler {
  const handler: RouteHandler = {
    getUserId: (request) => options.getUserId(request),
    context: handlerContextFrom(options),
    basePath: options.basePath ?? DEFAULT_API_BASE_PATH,
  };
  const handle = (request: Request) => handleRequest(handler, request);
  return { handle, GET: handle, POST: handle };
}

interface RouteHandler {
  getUserId: TalkTrackHandlerOptions['getUserId'];
  context: HandlerContext;
  basePath: string;
}

/** The options checked, with their defaults: a bad setting throws here, at start-up, not on a request. */
function handlerContextFrom(options: TalkTrackHandlerOptions): HandlerContext {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const limits = { ...DEFAULT_PROMPT_LIMITS, ...options.limits };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`limits.${name} must be a positive integer, got ${value}`);
  }
  const heldReads = { perUser: DEFAULT_MAX_HELD_READS_PER_USER, total: DEFAULT_MAX_HELD_READS, ...options.heldReads };
  for (const [name, value] of Object.entries(heldReads)) {
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`heldReads.${name} must be a whole number, got ${value}`);
  }
  const logger = options.logger ?? consoleLogger;
  return {
    store: options.store,
    worker: options.worker,
    chunkSize,
    limits,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    invokeWaitMs: options.invokeWaitMs ?? DEFAULT_INVOKE_WAIT_MS,
    logger,
    reviver: createStaleJobReviver({
      ...options.staleJobs,
      store: options.store,
      worker: options.worker,
      logger,
      waitUntil: options.waitUntil,
    }),
    waitUntil: options.waitUntil,
    heldReads: createHeldReadLimiter(heldReads),
  };
}

async function handleRequest({ getUserId, context, basePath }: RouteHandler, request: Request): Promise<Response> {
  const route = matchRoute(new URL(request.url).pathname, basePath);
  if (!route) return apiError(404, API_ERROR_CODES.notFound, 'No such talk track endpoint.');
  if (route.name === 'sweep') return noSweepHere();
  if (!(route.allow as readonly string[]).includes(request.method)) {
    return apiError(405, API_ERROR_CODES.methodNotAllowed, `Use ${route.allow.join(' or ')} here.`, {
      headers: { allow: route.allow.join(', ') },
    });
  }
  try {
    // Who is asking comes before reading anything they sent: an anonymous caller costs no body read and learns nothing about validation.
    const userId = await getUserId(request);
    if (!userId) return apiError(401, API_ERROR_CODES.unauthenticated, 'Sign in to generate talk tracks.');
    return await dispatch(context, route, request, userId);
  } catch (error) {
    return errorResponse(error, context.logger);
  }
}

/**
 * The sweep has one endpoint, the generate-talk-track function's `/sweep`, which a schedule calls
 * with the worker key (pg_cron + pg_net on Supabase). A scheduler pointed here is told where it is.
 */
function noSweepHere(): Response {
  return apiError(
    404,
    API_ERROR_CODES.notFound,
    'The route handler has no sweep. Schedule a POST to the generate-talk-track function\'s /sweep with the worker key instead (README, "Schedule the sweep").',
  );
}

function dispatch(
  context: HandlerContext,
  route: Exclude<Route, { name: 'sweep' }>,
  request: Request,
  userId: string,
): Promise<Response> {
  switch (route.name) {
    case 'jobs':
      return request.method === 'POST'
        ? handleCreateJob(context, request, userId)
        : handleFindJob(context, request, userId);
    case 'getJob':
      return handleGetJob(context, route.jobId, userId, request);
    case 'cancelJob':
      return handleJobAction(context, 'cancel', route.jobId, userId);
    case 'retryJob':
      return handleJobAction(context, 'retry', route.jobId, userId);
  }
}
