import { z } from 'zod';
import { API_ERROR_CODES } from '@talk-track/core';
import { apiError, jsonResponse } from '../shared/apiError.ts';
import { createEdgeFunctionInvoker } from '../shared/edgeFunctionInvoker.ts';
import { WORKER_URL_VARIABLES } from '../shared/workerInvoker.ts';
import { parseJsonBody } from '../shared/parseJsonBody.ts';
import { validationFailure } from '../shared/validationFailure.ts';
import type { JobStore } from '../jobStore.ts';
import { sweepStaleJobs } from '../sweepStaleJobs.ts';
import { WORKER_KEY_VARIABLES, authenticateWorkerCall } from '../shared/authenticateWorkerCall.ts';
import { type GenerateChunk, createChunkGenerator } from './generateChunk.ts';
import { type ContinueJob, type RunJobOutcome, runJob } from './runJob.ts';
import { type WaitUntil, defaultWaitUntil } from './waitUntil.ts';
import { type SleepClock, systemSleepClock } from '../shared/sleepClock.ts';
import type { WorkerConfig } from './workerConfig.ts';
import { type TalkTrackLogger, consoleLogger } from '../shared/logger.ts';

/** A worker call carries a job id and maybe a hand-off: anything larger is not ours. */
const MAX_BODY_BYTES = 16 * 1024;

const ALLOW = 'POST, OPTIONS';
/** The next invocation answers 202 before any work; longer means the function is not reachable. */
const CONTINUE_TIMEOUT_MS = 10_000;

const bodySchema = z.strictObject({
  jobId: z.uuid({ message: 'must be a job id (a UUID)' }),
  handoff: z.strictObject({ chunkAttempts: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)) }).optional(),
});

export interface WorkerHandlerOptions {
  store: JobStore;
  config: WorkerConfig;
  /** Keys a caller may present (see `workerKeysFromEnv`); the first is used to invoke the next run. */
  keys: readonly string[];
  /** One chunk attempt. Default: the `openai` SDK with the config's key, base URL, model and timeout. */
  generate?: GenerateChunk;
  /** Starts the next invocation when the time budget runs out. Default: POST to `config.workerUrl` with `keys[0]`. */
  continueJob?: ContinueJob;
  /** Default: `EdgeRuntime.waitUntil` on Supabase, a tracked promise elsewhere. */
  waitUntil?: WaitUntil;
  clock?: SleepClock;
  random?: () => number;
  logger?: TalkTrackLogger;
  /** When the worker process booted (see `RunJobOptions.bootedAt`). Default: when this handler was created, at module load. */
  bootedAt?: number;
  /** Lease owner id per invocation. Default `crypto.randomUUID()`. */
  createOwnerId?: () => string;
  /** Told how each accepted run ended (tests and metrics). */
  onRunFinished?: (jobId: string, outcome: RunJobOutcome) => void;
}

export interface WorkerHandler {
  (request: Request): Promise<Response>;
  /**
   * For the process's last moments (SIGTERM, Supabase's `beforeunload`): refuses new calls,
   * abandons the calls in flight and releases every lease it holds, so the jobs resume in the
   * next invocation at once. Resolves when every run has let go.
   */
  shutdown(): Promise<void>;
}

/**
 * The `generate-talk-track` function: authenticates the caller, claims the job, answers 202 at
 * once and runs the job in the background. `accepted: false` means the job was not claimable
 * (another invocation holds it, or it is finished or unknown) and nothing was done.
 */
export function createWorkerHandler(options: WorkerHandlerOptions): WorkerHandler {
  const clock = options.clock ?? systemSleepClock;
  const worker: WorkerContext = {
    ...options,
    logger: options.logger ?? consoleLogger,
    clock,
    bootedAt: options.bootedAt ?? clock.now(),
    waitUntil: options.waitUntil ?? defaultWaitUntil(),
    createOwnerId: options.createOwnerId ?? (() => crypto.randomUUID()),
    generate: options.generate ?? defaultGenerate(options.config, clock),
    continueJob: options.continueJob ?? defaultContinueJob(options),
    shuttingDown: new AbortController(),
    runs: new Set(),
  };
  if (options.keys.length === 0) {
    worker.logger.error(`no worker key configured, so every call is refused: set ${WORKER_KEY_VARIABLES}`);
  }
  return Object.assign((request: Request) => handleWorkerCall(worker, request), {
    async shutdown() {
      worker.shuttingDown.abort();
      await Promise.all([...worker.runs]);
    },
  });
}

/** The handler's options with defaults applied, and what it keeps between calls. */
interface WorkerContext extends Required<Omit<WorkerHandlerOptions, 'random' | 'onRunFinished'>> {
  random?: () => number;
  onRunFinished?: (jobId: string, outcome: RunJobOutcome) => void;
  shuttingDown: AbortController;
  /** Runs in flight, so a shutdown can wait for them to let go. */
  runs: Set<Promise<void>>;
}

async function handleWorkerCall(worker: WorkerContext, request: Request): Promise<Response> {
  const startedAt = worker.clock.now();
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow: ALLOW } });
  if (request.method !== 'POST') {
    return apiError(405, API_ERROR_CODES.methodNotAllowed, `Use POST; ${request.method} is not supported.`, {
      headers: { allow: ALLOW },
    });
  }
  if (!(await authenticateWorkerCall(request, worker.keys))) {
    return apiError(
      401,
      API_ERROR_CODES.unauthenticated,
      'This function needs the service or secret key in "Authorization: Bearer <key>" or "apikey".',
      {
        headers: { 'www-authenticate': 'Bearer' },
      },
    );
  }
  if (new URL(request.url).pathname.replace(/\/+$/, '').endsWith('/sweep')) return sweep(worker);
  const body = await parseJsonBody(request, MAX_BODY_BYTES, { ignoreContentType: true });
  if (!body.ok) return body.response;
  const parsed = bodySchema.safeParse(body.value);
  if (!parsed.success) {
    const { field = 'jobId', message } = validationFailure(parsed.error);
    return apiError(400, API_ERROR_CODES.validationFailed, message, { field });
  }
  if (worker.shuttingDown.signal.aborted) {
    return apiError(
      503,
      API_ERROR_CODES.serviceUnavailable,
      'This worker is shutting down; invoke the function again.',
    );
  }
  return claimAndRun(worker, parsed.data, startedAt);
}

/**
 * The scheduled sweep (pg_cron + pg_net on Supabase, a timer in `npm run dev`): this worker
 * re-invokes itself for every stuck job, as it does for a hand-off.
 */
async function sweep(worker: WorkerContext): Promise<Response> {
  try {
    return jsonResponse(
      200,
      await sweepStaleJobs({
        store: worker.store,
        invoke: (jobId) => worker.continueJob(jobId, { chunkAttempts: {} }),
      }),
    );
  } catch (cause) {
    worker.logger.error('sweep failed', { error: String(cause) });
    return apiError(
      503,
      API_ERROR_CODES.serviceUnavailable,
      'The job store is unavailable; the next sweep tries again.',
    );
  }
}

async function claimAndRun(
  worker: WorkerContext,
  { jobId, handoff }: z.infer<typeof bodySchema>,
  startedAt: number,
): Promise<Response> {
  const owner = worker.createOwnerId();
  let job;
  try {
    job = await worker.store.claimJob(jobId, owner, worker.config.leaseSeconds);
  } catch (cause) {
    worker.logger.error('claim failed', { jobId, error: String(cause) });
    return apiError(503, API_ERROR_CODES.serviceUnavailable, 'The job store is unavailable; try again shortly.');
  }
  if (!job) return jsonResponse(202, { accepted: false, jobId });

  const { store, generate, config, continueJob, clock, random, bootedAt, logger } = worker;
  const options = {
    job,
    owner,
    store,
    generate,
    config,
    continueJob,
    clock,
    random,
    startedAt,
    bootedAt,
    handoff,
    logger,
  };
  const run = runJob({ ...options, shutdownSignal: worker.shuttingDown.signal }).then(
    (outcome) => worker.onRunFinished?.(jobId, outcome),
    (cause: unknown) => logger.error('job run threw', { jobId, error: String(cause) }),
  );
  worker.runs.add(run);
  void run.finally(() => worker.runs.delete(run));
  worker.waitUntil(run);
  return jsonResponse(202, { accepted: true, jobId });
}

function defaultGenerate(config: WorkerConfig, clock: SleepClock): GenerateChunk {
  return createChunkGenerator({
    apiKey: config.openAiApiKey,
    baseURL: config.openAiBaseUrl,
    model: config.model,
    timeoutMs: config.llmTimeoutMs,
    reasoningModel: config.reasoningModel,
    reasoningEffort: config.reasoningEffort,
    reasoningTokensPerSlide: config.reasoningTokensPerSlide,
    answerTokensPerSlide: config.answerTokensPerSlide,
    clock,
  });
}

function defaultContinueJob(options: WorkerHandlerOptions): ContinueJob {
  const url = options.config.workerUrl;
  const key = options.keys[0];
  if (!url || !key) {
    return async () => {
      throw new Error(
        `Set ${WORKER_URL_VARIABLES}, and ${WORKER_KEY_VARIABLES}, so the worker can hand the rest of the job to its next invocation.`,
      );
    };
  }
  const invoker = createEdgeFunctionInvoker({ url, key, timeoutMs: CONTINUE_TIMEOUT_MS });
  return (jobId, handoff) => invoker.invoke(jobId, handoff);
}
