import { type Deck, WORKER_ERROR_CODES, deckSchema } from '@talk-track/core';
import type { ChunkPlan } from '../chunkPlan/chunkPlanner.ts';
import { type JobRecord, type JobStore, JobStoreError, type TokenUsage } from '../jobStore.ts';
import { assembleTalkTrack } from './assembleTalkTrack.ts';
import { describeFailure } from './failureMessage.ts';
import type { GenerateChunk } from './generateChunk.ts';
import { type LeaseHeartbeat, startLeaseHeartbeat } from './leaseHeartbeat.ts';
import { type LanesEnd, runLanes } from './runLanes.ts';
import { type SleepClock, systemSleepClock } from '../shared/sleepClock.ts';
import type { WorkerConfig } from './workerConfig.ts';
import type { JobHandoff } from '../shared/workerInvoker.ts';
import { type TalkTrackLogger, consoleLogger } from '../shared/logger.ts';

/** Starts a fresh invocation for the rest of the job (in production: a POST to the worker's own URL). */
export type ContinueJob = (jobId: string, handoff: JobHandoff) => Promise<void>;

export type RunJobConfig = Pick<
  WorkerConfig,
  | 'chunkConcurrency'
  | 'timeBudgetMs'
  | 'wallClockMs'
  | 'llmTimeoutMs'
  | 'maxAttempts'
  | 'leaseSeconds'
  | 'heartbeatIntervalMs'
  | 'leaseCheckIntervalMs'
  | 'retryBaseDelayMs'
  | 'retryMaxDelayMs'
> &
  // Recorded with the completed job's timing for later estimates; without it none is recorded.
  Partial<Pick<WorkerConfig, 'model'>>;

/** Time kept back from the platform's wall clock for the hand-off itself (release, re-invoke). */
export const HANDOFF_MARGIN_MS = 5_000;

export interface RunJobOptions {
  /** The job as `claimJob` returned it: `owner` holds its lease. */
  job: JobRecord;
  owner: string;
  store: JobStore;
  generate: GenerateChunk;
  config: RunJobConfig;
  continueJob: ContinueJob;
  clock?: SleepClock;
  /** [0, 1) source for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** When this invocation began; the time budget counts from here. Default: now. */
  startedAt?: number;
  /**
   * When the worker process booted. A platform may serve this invocation from a worker that has
   * already spent part of its wall clock (Supabase's `per_worker` policy), so the run ends by
   * `bootedAt + wallClockMs - llmTimeoutMs - HANDOFF_MARGIN_MS` whatever its own budget says.
   * Default: `startedAt`.
   */
  bootedAt?: number;
  /** The previous invocation's hand-off. */
  handoff?: JobHandoff;
  /**
   * Aborted when the process is about to stop (SIGTERM, Supabase's `beforeunload`): calls in flight
   * are abandoned and the lease released, so the next invocation resumes at once instead of
   * waiting for the lease to expire.
   */
  shutdownSignal?: AbortSignal;
  logger?: TalkTrackLogger;
}

/**
 * How an invocation ended: the job `completed` or `failed`; `handed_off` to a fresh invocation
 * (out of time); `lost` its lease (cancelled, or another worker took over); `released` its lease
 * because the process is shutting down; or `errored` on a store failure, with the lease given
 * back so the job can be resumed.
 */
export type RunJobOutcome = 'completed' | 'failed' | 'handed_off' | 'lost' | 'released' | 'errored';

/**
 * The engine: runs a claimed job's unfinished chunks with bounded concurrency, saving each as it
 * finishes, until the job is done, fails, is cancelled, or the time budget says to hand over.
 */
export async function runJob(options: RunJobOptions): Promise<RunJobOutcome> {
  const { job, owner, store } = options;
  const clock = options.clock ?? systemSleepClock;
  const log = options.logger ?? consoleLogger;
  const fields = { jobId: job.id, owner };
  // Lease lost or job cancelled: calls in flight are aborted, their answers would be thrown away.
  const abortCalls = new AbortController();
  const heartbeat = startLeaseHeartbeat({
    store,
    jobId: job.id,
    owner,
    leaseSeconds: options.config.leaseSeconds,
    intervalMs: options.config.heartbeatIntervalMs,
    checkIntervalMs: options.config.leaseCheckIntervalMs,
    clock,
    logger: log,
    onLost: () => abortCalls.abort(),
  });
  try {
    return await runClaimedJob(options, { clock, logger: log, abortCalls, heartbeat });
  } catch (error) {
    abortCalls.abort();
    if (error instanceof JobStoreError && error.code === 'rejected') {
      // The database refused what we asked to store for good: resuming would generate and be
      // refused again, forever. The job ends here with a code.
      log.error('the job store refused a write for good; failing the job', {
        ...fields,
        sqlState: error.sqlState,
        error: String(error),
      });
      const outcome = await failJob(options, WORKER_ERROR_CODES.saveRejected).catch(() => null);
      if (outcome === 'failed') return 'failed';
    }
    log.error('job run crashed; lease released for a later resume', { ...fields, error: String(error) });
    await store.releaseJob(job.id, owner).catch(() => false);
    return 'errored';
  } finally {
    await heartbeat.stop();
  }
}

interface RunContext {
  clock: SleepClock;
  logger: TalkTrackLogger;
  abortCalls: AbortController;
  heartbeat: LeaseHeartbeat;
}

async function runClaimedJob(options: RunJobOptions, context: RunContext): Promise<RunJobOutcome> {
  const { job, owner, store, config } = options;
  const { clock, logger: log } = context;
  const deadline = runDeadline(options, clock.now());
  const deck = deckForPlan(job);
  if (!deck.ok) {
    log.error('job input is not a valid deck for its plan', { jobId: job.id, owner, issue: deck.issue });
    await context.heartbeat.stop();
    return failJob(options, WORKER_ERROR_CODES.internal);
  }
  const saved = new Set((await store.listChunks(job.id)).map((chunk) => chunk.chunkIndex));
  const queue = job.plan.filter((chunk) => !saved.has(chunk.index));
  log.info('job run started', {
    jobId: job.id,
    owner,
    totalChunks: job.plan.length,
    saved: saved.size,
    budgetMs: config.timeBudgetMs,
  });

  const unfollowShutdown = abortOnShutdown(options.shutdownSignal, context.abortCalls);
  const lanes = {
    ...context,
    jobId: job.id,
    owner,
    store,
    deck: deck.data,
    plan: job.plan,
    queue,
    saved,
    attemptsSpent: attemptsCarriedOver(queue, options.handoff),
    generate: options.generate,
    config,
    random: options.random ?? Math.random,
    deadline,
  };
  const end = await runLanes(lanes);
  unfollowShutdown();
  await context.heartbeat.stop();
  // Before the job is failed, released or handed over, while this run's lease still names it.
  await recordUnkeptUsage(store, job.id, owner, end.unkept, log);
  if (end.crash) throw end.crash.error;
  return endRun(options, context, end, { deck: deck.data, saved, attemptsSpent: lanes.attemptsSpent });
}

/** The job's deck, if it is one and its stored plan covers it: every invocation runs that same plan. */
function deckForPlan(job: JobRecord): { ok: true; data: Deck } | { ok: false; issue: string } {
  const deck = deckSchema.safeParse(job.input);
  if (!deck.success) return { ok: false, issue: deck.error.issues[0]?.message ?? 'not a deck' };
  if (job.plan.at(-1)?.end !== deck.data.slides.length) return { ok: false, issue: 'plan and deck differ in length' };
  return { ok: true, data: deck.data };
}

/** The run ends by its time budget, or earlier if the worker's wall clock (counted from its boot) runs out first. */
function runDeadline(options: RunJobOptions, now: number): number {
  const { config } = options;
  const startedAt = options.startedAt ?? now;
  const bootedAt = options.bootedAt ?? startedAt;
  return Math.min(
    startedAt + config.timeBudgetMs,
    bootedAt + config.wallClockMs - config.llmTimeoutMs - HANDOFF_MARGIN_MS,
  );
}

function attemptsCarriedOver(queue: readonly ChunkPlan[], handoff: JobHandoff | undefined): Record<string, number> {
  const attempts: Record<string, number> = {};
  for (const chunk of queue) {
    const before = handoff?.chunkAttempts[String(chunk.index)];
    if (before) attempts[chunk.index] = before;
  }
  return attempts;
}

/** Abandons the calls in flight when the process is stopping; returns the way to stop following it. */
function abortOnShutdown(shutdown: AbortSignal | undefined, abortCalls: AbortController): () => void {
  const onShutdown = () => abortCalls.abort();
  if (shutdown?.aborted) onShutdown();
  shutdown?.addEventListener('abort', onShutdown, { once: true });
  return () => shutdown?.removeEventListener('abort', onShutdown);
}

interface RunProgress {
  deck: Deck;
  saved: ReadonlySet<number>;
  attemptsSpent: Record<string, number>;
}

/** After the lanes: the job completes, fails, or goes to the next invocation, whichever the lanes left it for. */
async function endRun(
  options: RunJobOptions,
  context: RunContext,
  end: LanesEnd,
  progress: RunProgress,
): Promise<RunJobOutcome> {
  const { job, owner, store } = options;
  const { logger: log } = context;
  const fields = { jobId: job.id, owner };
  if (options.shutdownSignal?.aborted) return releaseForShutdown(options, progress, log);
  if (context.abortCalls.signal.aborted) {
    log.info('job run stopped: lease lost or job cancelled', fields);
    return 'lost';
  }
  if (end.failure) {
    const { error, attempts } = end.failure;
    log.error('job failed', { ...fields, code: error.code, attempts, error: error.message });
    // The person reads error_message; the host's developers read error_detail (and this log).
    return failJob(options, error.code, attempts, error.message);
  }
  if (progress.saved.size === job.plan.length) return finish(options, progress.deck, log);

  await store.releaseJob(job.id, owner);
  log.info('time budget reached; handing over', {
    ...fields,
    saved: progress.saved.size,
    totalChunks: job.plan.length,
  });
  try {
    await options.continueJob(job.id, { chunkAttempts: progress.attemptsSpent });
  } catch (error) {
    // The lease is released, so the next status read or the sweep resumes the job.
    log.error('could not start the next invocation', { ...fields, error: String(error) });
  }
  return 'handed_off';
}

async function releaseForShutdown(
  options: RunJobOptions,
  progress: RunProgress,
  log: TalkTrackLogger,
): Promise<RunJobOutcome> {
  const { job, owner, store } = options;
  const fields = { jobId: job.id, owner };
  const released = await store.releaseJob(job.id, owner);
  log.info('shutting down: lease released, handing over to the next invocation', {
    ...fields,
    released,
    saved: progress.saved.size,
  });
  if (!released) return 'lost';
  // Right away, not when the sweep next looks: this process is going, the job need not wait.
  await options.continueJob(job.id, { chunkAttempts: progress.attemptsSpent }).catch((error: unknown) =>
    log.error('could not start the next invocation while shutting down; the sweep will', {
      ...fields,
      error: String(error),
    }),
  );
  return 'released';
}

/** Fails the job with `code` and the sentence a person reads for it: `lost` when the lease is no longer this run's. */
async function failJob(
  options: RunJobOptions,
  code: string,
  attempts = 1,
  detail?: string,
): Promise<'failed' | 'lost'> {
  const failed = await options.store.failJob(
    options.job.id,
    options.owner,
    code,
    describeFailure(code, attempts),
    detail,
  );
  return failed ? 'failed' : 'lost';
}

/**
 * Records on the job the tokens billed for answers not kept (`JobStore.recordBilledUsage`). A store
 * error must not lose the job over its ledger: it is logged and the run goes on, and those tokens
 * are then missing from the ledger (and from the daily token budget), a rare loss accepted so the
 * job still ends with its own code. `false` (another run claimed the job since) loses them too.
 */
async function recordUnkeptUsage(
  store: JobStore,
  jobId: string,
  owner: string,
  usage: TokenUsage,
  log: TalkTrackLogger,
): Promise<void> {
  if (usage.tokensIn === 0 && usage.tokensOut === 0) return;
  const fields = { jobId, owner, ...usage };
  try {
    const recorded = await store.recordBilledUsage(jobId, owner, usage);
    if (!recorded) log.warn("billed tokens not recorded: the job is another run's now", fields);
  } catch (error) {
    log.warn('could not record billed tokens; the usage ledger misses them', { ...fields, error: String(error) });
  }
}

async function finish(options: RunJobOptions, deck: Deck, log: TalkTrackLogger): Promise<RunJobOutcome> {
  const { job, owner, store } = options;
  const chunks = await store.listChunks(job.id);
  let result;
  try {
    result = assembleTalkTrack(deck, chunks, job.plan.length);
  } catch (error) {
    log.error('could not assemble the talk track', { jobId: job.id, error: String(error) });
    return failJob(options, WORKER_ERROR_CODES.internal);
  }
  const { model, chunkConcurrency } = options.config;
  const completed = await store.completeJob(
    job.id,
    owner,
    result,
    model ? { model, lanes: chunkConcurrency } : undefined,
  );
  log.info(completed ? 'job completed' : 'job not completed: lease lost or job cancelled', {
    jobId: job.id,
    slides: result.slides.length,
  });
  return completed ? 'completed' : 'lost';
}
