import type { Deck } from '@talk-track/core';
import type { ChunkPlan } from '../chunkPlan/chunkPlanner.ts';
import type { JobStore, TokenUsage } from '../jobStore.ts';
import type { SleepClock } from '../shared/sleepClock.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';
import { buildChunkRequest } from './chunkRequest.ts';
import type { GenerateChunk } from './generateChunk.ts';
import type { LeaseHeartbeat } from './leaseHeartbeat.ts';
import { type ChunkRunResult, NO_USAGE, addUsage, runChunkWithRetries, saveChunkWithRetries } from './retry.ts';
import { slottedGenerate } from './slottedGenerate.ts';
import type { WorkerConfig } from './workerConfig.ts';
import type { WorkerError } from './workerError.ts';

export interface LanesOptions {
  jobId: string;
  owner: string;
  store: JobStore;
  deck: Deck;
  /** The job's whole plan; `queue` holds the chunks of it this run still has to do. */
  plan: readonly ChunkPlan[];
  /** Taken from the front by the lanes; a chunk left for the next invocation goes back to the front. */
  queue: ChunkPlan[];
  /** Chunk indexes already saved; the lanes add theirs. */
  saved: Set<number>;
  /** Attempts spent per unsaved chunk, carried to the next invocation; the lanes keep it current. */
  attemptsSpent: Record<string, number>;
  generate: GenerateChunk;
  config: Pick<
    WorkerConfig,
    'chunkConcurrency' | 'llmTimeoutMs' | 'maxAttempts' | 'retryBaseDelayMs' | 'retryMaxDelayMs'
  >;
  clock: SleepClock;
  random: () => number;
  /** No chunk starts once a typical one would end past this instant, and no retry or wait in line does. */
  deadline: number;
  /** Aborted when the lease is lost or the job cancelled: calls in flight are abandoned. */
  abortCalls: AbortController;
  heartbeat: LeaseHeartbeat;
  logger: TalkTrackLogger;
}

/** How the lanes ended, beyond what they wrote into `saved`, `queue` and `attemptsSpent`. */
export interface LanesEnd {
  /** The first chunk that failed for good. */
  failure?: { error: WorkerError; attempts: number };
  /** The first error no lane could handle (a store that stayed unavailable, a bug). */
  crash?: { error: unknown };
  /** What the API billed this run for answers no saved chunk carries. */
  unkept: TokenUsage;
}

interface Lanes extends LanesOptions {
  /** Aborted when one chunk failed for good: no new chunk or attempt starts; calls in flight finish and are saved. */
  stopNew: AbortController;
  durations: number[];
  started: number;
  end: LanesEnd;
}

/**
 * Runs the queued chunks in `config.chunkConcurrency` lanes, each taking the next chunk, trying it
 * until it is done and saving it, until the queue is empty, a chunk fails for good, the lease is
 * lost, or the time budget leaves no room for another chunk.
 */
export async function runLanes(options: LanesOptions): Promise<LanesEnd> {
  const stopNew = new AbortController();
  options.abortCalls.signal.addEventListener('abort', () => stopNew.abort(), { once: true });
  const lanes: Lanes = { ...options, stopNew, durations: [], started: 0, end: { unkept: NO_USAGE } };
  lanes.generate = slottedGenerate({
    store: options.store,
    jobId: options.jobId,
    owner: options.owner,
    generate: options.generate,
    lanes: options.config.chunkConcurrency,
    llmTimeoutMs: options.config.llmTimeoutMs,
    clock: options.clock,
    random: options.random,
    deadline: options.deadline,
    onStop: (unavailable) => {
      // Whichever of a save and a slot request runs out of database retries first, the run ends the
      // same way: a crash that releases the lease, not a lease "lost" that must lapse first.
      if (unavailable) lanes.end.crash ??= { error: unavailable };
      options.abortCalls.abort();
    },
    logger: options.logger,
  });
  const count = Math.min(options.config.chunkConcurrency, Math.max(1, options.queue.length));
  const crashed = (error: unknown) => {
    lanes.end.crash ??= { error };
    options.abortCalls.abort();
  };
  await Promise.all(Array.from({ length: count }, () => lane(lanes).catch(crashed)));
  return lanes.end;
}

async function lane(lanes: Lanes): Promise<void> {
  while (lanes.queue.length > 0 && !lanes.stopNew.signal.aborted && hasTimeForAnother(lanes)) {
    if (!(await runChunk(lanes, lanes.queue.shift()!))) return;
  }
}

/**
 * A chunk starts only if a typical chunk still fits in the budget. The first always starts, so
 * every invocation makes progress even when the claim itself ate the budget.
 */
function hasTimeForAnother({ started, durations, clock, deadline }: Lanes): boolean {
  if (started === 0) return true;
  const typical = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : 0;
  return clock.now() + typical < deadline;
}

/** One chunk, from its first attempt to its save. `false` when its lane stops. */
async function runChunk(lanes: Lanes, chunk: ChunkPlan): Promise<boolean> {
  const { config, logger: log } = lanes;
  lanes.started++;
  const began = lanes.clock.now();
  const result = await runChunkWithRetries({
    request: buildChunkRequest(lanes.deck, chunk, lanes.plan.length),
    generate: lanes.generate,
    policy: {
      maxAttempts: config.maxAttempts,
      baseDelayMs: config.retryBaseDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      random: lanes.random,
    },
    clock: lanes.clock,
    abortSignal: lanes.abortCalls.signal,
    stopSignal: lanes.stopNew.signal,
    deadline: lanes.deadline,
    attemptsBefore: lanes.attemptsSpent[chunk.index] ?? 0,
    onAttemptFailed: (error, attempt, decision) =>
      log.warn('chunk attempt failed', {
        jobId: lanes.jobId,
        owner: lanes.owner,
        chunk: chunk.index,
        attempt,
        code: error.code,
        error: error.message,
        retry: decision.retry,
      }),
  });
  if (result.kind === 'done') return keepChunk(lanes, chunk, result, began);
  lanes.end.unkept = addUsage(lanes.end.unkept, result.billed);
  if (result.kind === 'failed') {
    lanes.end.failure ??= { error: result.error, attempts: result.attempts };
    lanes.stopNew.abort();
    return false;
  }
  // Deferred (out of time before the next retry) or stopped: the next invocation runs it.
  if (result.kind === 'deferred') lanes.attemptsSpent[chunk.index] = result.attempts;
  lanes.queue.unshift(chunk);
  return false;
}

async function keepChunk(
  lanes: Lanes,
  chunk: ChunkPlan,
  result: Extract<ChunkRunResult, { kind: 'done' }>,
  began: number,
): Promise<boolean> {
  delete lanes.attemptsSpent[chunk.index];
  const row = await saveChunkWithRetries({
    store: lanes.store,
    jobId: lanes.jobId,
    owner: lanes.owner,
    chunkIndex: chunk.index,
    output: result.output,
    usage: result.usage,
    responseFormat: result.responseFormat,
    clock: lanes.clock,
    signal: lanes.abortCalls.signal,
    logger: lanes.logger,
  });
  if (!row) {
    // Paid for, and no chunk holds it. (A save that committed before the database went away
    // and the run stopped would count twice: the ledger errs towards the budget.)
    lanes.end.unkept = addUsage(lanes.end.unkept, result.usage);
    lanes.logger.info('chunk not saved: lease lost or job cancelled', {
      jobId: lanes.jobId,
      owner: lanes.owner,
      chunk: chunk.index,
    });
    lanes.abortCalls.abort();
    return false;
  }
  lanes.heartbeat.extended();
  lanes.saved.add(chunk.index);
  lanes.durations.push(lanes.clock.now() - began);
  return true;
}
