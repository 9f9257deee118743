import { type Deck, WORKER_ERROR_CODES, deckSchema } from '@talk-track/core';
import type { ChunkPlan } from '../chunkPlan/chunkPlanner.ts';
import { type JobRecord, type JobStore, JobStoreError, type TokenUsage } from '../jobStore.ts';
import { assembleTalkTrack } from './assembleTalkTrack.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import { describeFailure } from './failureMessage.ts';
import type { GenerateChunk } from './generateChunk.ts';
import { type LeaseHeartbeat, startLeaseHeartbeat } from './leaseHeartbeat.ts';
import { NO_USAGE, addUsage, runChunkWithRetries, saveChunkWithRetries } from './retry.ts';
import { slottedGenerate } from './slottedGenerate.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import type { WorkerConfig } from './workerConfig.ts';
import type { WorkerError } from './workerError.ts';
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
  clock?: Clock;
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
  const clock = options.clock ?? systemClock;
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
      log.error('the job store refused a write for good; failing the job', { ...fields, sqlState: error.sqlState, error: String(error) });
      const failed = await store
        .failJob(job.id, owner, WORKER_ERROR_CODES.saveRejected, describeFailure(WORKER_ERROR_CODES.saveRejected, 1))
        .catch(() => null);
      if (failed) return 'failed';
    }
    log.error('job run crashed; lease released for a later resume', { ...fields, error: String(error) });
    await store.releaseJob(job.id, owner).catch(() => false);
    return 'errored';
  } finally {
    await heartbeat.stop();
  }
}

interface RunContext {
  clock: Clock;
  logger: TalkTrackLogger;
  abortCalls: AbortController;
  heartbeat: LeaseHeartbeat;
}

async function runClaimedJob(options: RunJobOptions, context: RunContext): Promise<RunJobOutcome> {
  const { job, owner, store, config } = options;
  const { clock, logger: log, abortCalls } = context;
  const fields = { jobId: job.id, owner };
  const startedAt = options.startedAt ?? clock.now();
  const bootedAt = options.bootedAt ?? startedAt;
  const deadline = Math.min(startedAt + config.timeBudgetMs, bootedAt + config.wallClockMs - config.llmTimeoutMs - HANDOFF_MARGIN_MS);

  const deck = deckSchema.safeParse(job.input);
  // The plan stored at creation, not one made again here: every invocation runs the same chunks.
  const plan = job.plan;
  if (!deck.success || plan.at(-1)?.end !== deck.data.slides.length) {
    log.error('job input is not a valid deck for its plan', { ...fields, issue: deck.error?.issues[0]?.message ?? 'plan and deck differ in length' });
    await context.heartbeat.stop();
    const failed = await store.failJob(job.id, owner, WORKER_ERROR_CODES.internal, describeFailure(WORKER_ERROR_CODES.internal, 1));
    return failed ? 'failed' : 'lost';
  }
  const saved = new Set((await store.listChunks(job.id)).map((chunk) => chunk.chunkIndex));
  const queue: ChunkPlan[] = plan.filter((chunk) => !saved.has(chunk.index));
  const attemptsSpent: Record<string, number> = {};
  for (const chunk of queue) {
    const before = options.handoff?.chunkAttempts[String(chunk.index)];
    if (before) attemptsSpent[chunk.index] = before;
  }
  log.info('job run started', { ...fields, totalChunks: plan.length, saved: saved.size, budgetMs: config.timeBudgetMs });

  // Failure of one chunk for good: no new chunk or attempt starts; calls in flight finish and are saved.
  const stopNew = new AbortController();
  abortCalls.signal.addEventListener('abort', () => stopNew.abort(), { once: true });
  const shutdown = options.shutdownSignal;
  const onShutdown = () => abortCalls.abort();
  if (shutdown?.aborted) onShutdown();
  shutdown?.addEventListener('abort', onShutdown, { once: true });
  // Written by the lanes; an object rather than `let`s so the reads after the lanes are not narrowed to null.
  const ended: { failure?: { error: WorkerError; attempts: number }; crash?: { error: unknown } } = {};
  const durations: number[] = [];
  // What the API billed this run for answers no saved chunk carries: recorded on the job once the lanes end.
  let unkept: TokenUsage = NO_USAGE;
  let started = 0;
  const random = options.random ?? Math.random;
  const generate = slottedGenerate({
    store,
    jobId: job.id,
    owner,
    generate: options.generate,
    lanes: config.chunkConcurrency,
    llmTimeoutMs: config.llmTimeoutMs,
    clock,
    random,
    deadline,
    onStop: (unavailable) => {
      // Whichever of a save and a slot request runs out of database retries first, the run ends the
      // same way: a crash that releases the lease, not a lease "lost" that must lapse first.
      if (unavailable) ended.crash ??= { error: unavailable };
      abortCalls.abort();
    },
    logger: log,
  });

  // A chunk starts only if a typical chunk still fits in the budget. The first always starts, so
  // every invocation makes progress even when the claim itself ate the budget.
  const hasTimeForAnother = () => {
    if (started === 0) return true;
    const typical = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : 0;
    return clock.now() + typical < deadline;
  };

  const lane = async () => {
    while (queue.length > 0 && !stopNew.signal.aborted && hasTimeForAnother()) {
      const chunk = queue.shift()!;
      started++;
      const began = clock.now();
      const result = await runChunkWithRetries({
        request: buildChunkRequest(deck.data, chunk, plan.length),
        generate,
        policy: {
          maxAttempts: config.maxAttempts,
          baseDelayMs: config.retryBaseDelayMs,
          maxDelayMs: config.retryMaxDelayMs,
          random,
        },
        clock,
        abortSignal: abortCalls.signal,
        stopSignal: stopNew.signal,
        deadline,
        attemptsBefore: attemptsSpent[chunk.index] ?? 0,
        onAttemptFailed: (error, attempt, decision) =>
          log.warn('chunk attempt failed', { ...fields, chunk: chunk.index, attempt, code: error.code, error: error.message, retry: decision.retry }),
      });
      if (result.kind === 'done') {
        delete attemptsSpent[chunk.index];
        const row = await saveChunkWithRetries({
          store,
          jobId: job.id,
          owner,
          chunkIndex: chunk.index,
          output: result.output,
          usage: result.usage,
          responseFormat: result.responseFormat,
          clock,
          signal: abortCalls.signal,
          logger: log,
        });
        if (!row) {
          // Paid for, and no chunk holds it. (A save that committed before the database went away
          // and the run stopped would count twice: the ledger errs towards the budget.)
          unkept = addUsage(unkept, result.usage);
          log.info('chunk not saved: lease lost or job cancelled', { ...fields, chunk: chunk.index });
          abortCalls.abort();
          return;
        }
        context.heartbeat.extended();
        saved.add(chunk.index);
        durations.push(clock.now() - began);
        continue;
      }
      unkept = addUsage(unkept, result.billed);
      if (result.kind === 'failed') {
        ended.failure ??= { error: result.error, attempts: result.attempts };
        stopNew.abort();
        return;
      } else if (result.kind === 'deferred') {
        // Out of time before the next retry: this lane stops, the next invocation retries it.
        attemptsSpent[chunk.index] = result.attempts;
        queue.unshift(chunk);
        return;
      } else {
        queue.unshift(chunk);
        return;
      }
    }
  };
  const lanes = Array.from({ length: Math.min(config.chunkConcurrency, Math.max(1, queue.length)) }, () =>
    lane().catch((error: unknown) => {
      ended.crash ??= { error };
      abortCalls.abort();
    }),
  );
  await Promise.all(lanes);
  shutdown?.removeEventListener('abort', onShutdown);
  await context.heartbeat.stop();
  // Before the job is failed, released or handed over, while this run's lease still names it.
  await recordUnkeptUsage(store, job.id, owner, unkept, log);

  if (ended.crash) throw ended.crash.error;
  if (shutdown?.aborted) {
    const released = await store.releaseJob(job.id, owner);
    log.info('shutting down: lease released, handing over to the next invocation', { ...fields, released, saved: saved.size });
    if (!released) return 'lost';
    // Right away, not when the sweep next looks: this process is going, the job need not wait.
    await options.continueJob(job.id, { chunkAttempts: attemptsSpent }).catch((error: unknown) =>
      log.error('could not start the next invocation while shutting down; the sweep will', { ...fields, error: String(error) }),
    );
    return 'released';
  }
  if (abortCalls.signal.aborted) {
    log.info('job run stopped: lease lost or job cancelled', fields);
    return 'lost';
  }
  if (ended.failure) {
    const { error, attempts } = ended.failure;
    log.error('job failed', { ...fields, code: error.code, attempts, error: error.message });
    // The person reads error_message; the host's developers read error_detail (and this log).
    const failed = await store.failJob(job.id, owner, error.code, describeFailure(error.code, attempts), error.message);
    return failed ? 'failed' : 'lost';
  }
  if (saved.size === plan.length) return finish(options, deck.data, plan.length, log);

  await store.releaseJob(job.id, owner);
  log.info('time budget reached; handing over', { ...fields, saved: saved.size, totalChunks: plan.length });
  try {
    await options.continueJob(job.id, { chunkAttempts: attemptsSpent });
  } catch (error) {
    // The lease is released, so the next status read or the stale-job sweep resumes the job.
    log.error('could not start the next invocation', { ...fields, error: String(error) });
  }
  return 'handed_off';
}

/**
 * Records on the job the tokens billed for answers not kept (`JobStore.recordBilledUsage`). A store
 * error must not lose the job over its ledger: it is logged and the run goes on, and those tokens
 * are then missing from the ledger (and from the daily token budget), a rare loss accepted so the
 * job still ends with its own code. `false` (another run claimed the job since) loses them too.
 */
async function recordUnkeptUsage(store: JobStore, jobId: string, owner: string, usage: TokenUsage, log: TalkTrackLogger): Promise<void> {
  if (usage.tokensIn === 0 && usage.tokensOut === 0) return;
  const fields = { jobId, owner, ...usage };
  try {
    const recorded = await store.recordBilledUsage(jobId, owner, usage);
    if (!recorded) log.warn('billed tokens not recorded: the job is another run\'s now', fields);
  } catch (error) {
    log.warn('could not record billed tokens; the usage ledger misses them', { ...fields, error: String(error) });
  }
}

async function finish(options: RunJobOptions, deck: Deck, totalChunks: number, log: TalkTrackLogger): Promise<RunJobOutcome> {
  const { job, owner, store } = options;
  const chunks = await store.listChunks(job.id);
  let result;
  try {
    result = assembleTalkTrack(deck, chunks, totalChunks);
  } catch (error) {
    log.error('could not assemble the talk track', { jobId: job.id, error: String(error) });
    const failed = await store.failJob(job.id, owner, WORKER_ERROR_CODES.internal, describeFailure(WORKER_ERROR_CODES.internal, 1));
    return failed ? 'failed' : 'lost';
  }
  const { model, chunkConcurrency } = options.config;
  const completed = await store.completeJob(job.id, owner, result, model ? { model, lanes: chunkConcurrency } : undefined);
  log.info(completed ? 'job completed' : 'job not completed: lease lost or job cancelled', { jobId: job.id, slides: result.slides.length });
  return completed ? 'completed' : 'lost';
}
