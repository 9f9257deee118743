import { type ChunkOutput, type JobRecord, type JobStore, JobStoreError, type TokenUsage } from '../jobStore.ts';
import type { Clock } from '../shared/clock.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';

/**
 * Waits between attempts to save a chunk while the job database is unavailable (a restart, a
 * failover, a pooled connection that died with the old server): about 8 s in all. The LLM's answer
 * is already paid for, so a blip should cost a wait, not a regenerated chunk. Past this the run
 * gives up; its lease lapses and the job is resumed by the next invocation.
 */
export const SAVE_RETRY_DELAYS_MS = [100, 250, 500, 1_000, 2_000, 4_000] as const;

export interface SaveChunkOptions {
  store: JobStore;
  jobId: string;
  owner: string;
  chunkIndex: number;
  output: ChunkOutput;
  /** The call's tokens, for the usage ledger. */
  usage?: TokenUsage;
  clock: Clock;
  /** The run stopped (lease lost, cancelled, shutting down): no further attempt. */
  signal: AbortSignal;
  log: TalkTrackLogger;
  delaysMs?: readonly number[];
}

/**
 * `store.saveChunk`, retried while the store is `unavailable`. Saving is idempotent per chunk
 * index, so a save that committed but lost its answer is harmless to repeat. `null` when the lease
 * is gone or the run was stopped while waiting; rethrows any other error, and the last
 * `unavailable` one when the retries are spent.
 */
export async function saveChunkWithRetries(options: SaveChunkOptions): Promise<JobRecord | null> {
  const { store, jobId, owner, chunkIndex, output, usage, clock, signal, log } = options;
  const delays = options.delaysMs ?? SAVE_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.saveChunk(jobId, owner, chunkIndex, output, usage);
    } catch (error) {
      const delayMs = delays[attempt];
      if (!(error instanceof JobStoreError && error.code === 'unavailable') || delayMs === undefined) throw error;
      log.warn('chunk save failed; retrying', { jobId, owner, chunk: chunkIndex, attempt: attempt + 1, delayMs, error: error.message });
      await clock.sleep(delayMs, signal);
      if (signal.aborted) return null;
    }
  }
}
