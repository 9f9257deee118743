import { WORKER_ERROR_CODES } from '@talk-track/core';
import { type JobStore, JobStoreError } from '../jobStore.ts';
import type { GenerateChunk } from './generateChunk.ts';
import { SAVE_RETRY_DELAYS_MS, retryWhileUnavailable } from './retry.ts';
import type { SleepClock } from '../shared/sleepClock.ts';
import { WorkerError } from './workerError.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';

/** How long a job at the front of the line waits before asking for an LLM slot again (jittered up to twice this). */
export const SLOT_POLL_MS = 250;
/**
 * A job asks less often the further back in line it is: one more SLOT_POLL_MS of pause per this
 * many jobs ahead, up to SLOT_POLL_MAX_FACTOR times. Every ask takes the allocator's lock, and the
 * load slows every other query, the one giving a slot back included: with 200 jobs behind a limit
 * of 60 (bench/scaleJobs.ts), some 500 waiting lanes asked about 16 times per LLM call made; this
 * brings it to 10–13. The front of the line still asks at the full rate, so a freed slot is taken
 * as soon as before.
 */
const SLOT_POLL_AHEAD_STEP = 25;
const SLOT_POLL_MAX_FACTOR = 8;
/** A slot outlives its call's timeout by this much, so a call that just timed out still holds it. */
const SLOT_MARGIN_SECONDS = 5;

export interface SlottedGenerateOptions {
  store: JobStore;
  jobId: string;
  owner: string;
  generate: GenerateChunk;
  /** The job's lanes: at most this many of its calls in flight, across runs (a cancelled run's too). */
  lanes: number;
  llmTimeoutMs: number;
  clock: SleepClock;
  random: () => number;
  /** No waiting in line past this instant: the chunk is deferred to the next invocation. */
  deadline: number;
  /**
   * Called when no call may start: the database says so (lease lost, cancelled, budget spent), or
   * it stayed unavailable through every retry, and then `unavailable` is that error: the run ends
   * as a crash (lease released, resumed later), like a save that ran out of retries.
   */
  onStop: (unavailable?: JobStoreError) => void;
  /** Told the place in line while the job waits for a slot. */
  onWaiting?: (ahead: number) => void;
  logger: TalkTrackLogger;
  /** Waits between asks for a slot while the job database is unavailable. Default: `SAVE_RETRY_DELAYS_MS`. */
  unavailableDelaysMs?: readonly number[];
}

/**
 * `generate`, each call inside a slot from `talk_track_begin_llm_call`: the slot spends one call of
 * the job's retry budget and counts against the job's lanes and the limit across all workers, and
 * is given back when the call ends, whatever the outcome.
 */
export function slottedGenerate(options: SlottedGenerateOptions): GenerateChunk {
  const { store, jobId, logger: log } = options;
  const callSeconds = Math.ceil(options.llmTimeoutMs / 1000) + SLOT_MARGIN_SECONDS;
  return async (request, signal, call) => {
    const slot = await waitForSlot(options, callSeconds, signal);
    try {
      return await options.generate(request, signal, call);
    } finally {
      // A slot not given back expires after callSeconds; no reason to hold the chunk for it.
      void store
        .endLlmCall(slot)
        .catch((error: unknown) => log.warn('could not give an LLM slot back', { jobId, slot, error: String(error) }));
    }
  };
}

/** Asks for a slot until one is free, keeping the job's place in line; throws when no call may start. */
async function waitForSlot(options: SlottedGenerateOptions, callSeconds: number, signal: AbortSignal): Promise<string> {
  const { clock } = options;
  // One schedule for the whole wait in line: a database that keeps failing stops the run after a
  // save's worth of retries in all, not per ask.
  const unavailable = { waits: (options.unavailableDelaysMs ?? SAVE_RETRY_DELAYS_MS)[Symbol.iterator](), asks: 0 };
  for (;;) {
    const answer = await askForSlot(options, callSeconds, signal, unavailable);
    if (answer === undefined) throw new Error('Stopped while waiting for the job database to ask for an LLM slot.');
    if (answer.decision === 'stop') {
      options.onStop();
      throw new Error('No LLM call may start: the lease is gone or the retry budget is spent.');
    }
    if (answer.decision === 'go') return answer.slotId;
    options.onWaiting?.(answer.ahead);
    if (clock.now() >= options.deadline) {
      throw new WorkerError(
        WORKER_ERROR_CODES.llmRateLimited,
        'Waited for an LLM slot until the time budget ran out.',
        true,
        0,
        { notAttempted: true },
      );
    }
    const backInLine = Math.min(SLOT_POLL_MAX_FACTOR, 1 + Math.floor(answer.ahead / SLOT_POLL_AHEAD_STEP));
    await clock.sleep(SLOT_POLL_MS * (1 + options.random()) * backInLine, signal);
    if (signal.aborted) throw new Error('Stopped while waiting for an LLM slot.');
  }
}

/** One ask for a slot, asked again through a database restart on the schedule a chunk's save retries on. */
async function askForSlot(
  options: SlottedGenerateOptions,
  callSeconds: number,
  signal: AbortSignal,
  unavailable: { waits: Iterator<number>; asks: number },
) {
  const { store, jobId, owner, clock, logger: log } = options;
  try {
    // Stopping the run at a restart would abort the other lanes' calls and saves in flight, and
    // their answers, already paid for, would be generated again by the next run.
    return await retryWhileUnavailable(() => store.beginLlmCall(jobId, owner, options.lanes, callSeconds), {
      waits: unavailable.waits,
      clock,
      signal,
      onRetry: (delayMs, error) =>
        log.warn('could not get an LLM slot; asking again', {
          jobId,
          owner,
          attempt: ++unavailable.asks,
          delayMs,
          error: error.message,
        }),
    });
  } catch (error) {
    // Still no database after a save's worth of retries (or a refusal no retry fixes): no call
    // may start, and the run stops; the job is resumed once the database is back.
    log.warn('could not get an LLM slot; stopping the run', { jobId, owner, error: String(error) });
    options.onStop(error instanceof JobStoreError && error.code === 'unavailable' ? error : undefined);
    throw error;
  }
}
