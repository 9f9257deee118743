import type { JobSnapshot } from '../api.ts';
import { isActiveStatus, type JobStatus } from '../jobStatus.ts';

/** How many chunks this browser had seen finished, and when (its own clock, so server clock skew cannot matter). */
export interface ChunkMark {
  chunks: number;
  at: number;
}

/** The first and the latest chunk count seen while the job runs: the measured speed lies between them. */
export interface Pace {
  from: ChunkMark;
  to: ChunkMark;
}

/** Folds one observation of a job into its pace. A job sent back to pending (retry) starts measuring afresh. */
export function nextPace(pace: Pace | null, job: { status: JobStatus; currentChunk: number }, at: number): Pace | null {
  if (job.status === 'pending') return null;
  if (job.status !== 'processing') return pace;
  if (!pace || job.currentChunk < pace.to.chunks) {
    const mark = { chunks: job.currentChunk, at };
    return { from: mark, to: mark };
  }
  return job.currentChunk > pace.to.chunks ? { from: pace.from, to: { chunks: job.currentChunk, at } } : pace;
}

/**
 * When the server's estimate from past jobs says this run ends, in this browser's clock. Fixed the
 * first time a run's snapshot carries one (so polls do not move it), counting back what the job
 * already ran by the server's own timestamps; a retry (back to pending) is a new run.
 */
export function estimatedDoneAt(
  current: { status: JobStatus; estimatedDoneAt: number | null } | undefined,
  snapshot: Pick<JobSnapshot, 'status' | 'estimatedSeconds' | 'createdAt' | 'startedAt' | 'updatedAt'>,
  at: number,
): number | null {
  if (!isActiveStatus(snapshot.status)) return null;
  const rerun = snapshot.status === 'pending' && current?.status !== 'pending';
  if (current && current.estimatedDoneAt !== null && !rerun) return current.estimatedDoneAt;
  if (snapshot.estimatedSeconds === null || snapshot.estimatedSeconds === undefined) return null;
  const ran = Date.parse(snapshot.updatedAt) - Date.parse(snapshot.startedAt ?? snapshot.createdAt);
  return at + snapshot.estimatedSeconds * 1000 - (ran > 0 ? ran : 0);
}

export interface EtaInput {
  status: JobStatus;
  /** See `estimatedDoneAt`; what the ETA says until chunk timings take over. Default `null`. */
  estimatedDoneAt?: number | null;
  pace: Pace | null;
  currentChunk: number;
  totalChunks: number;
  startedAt: string | null;
  updatedAt: string;
}

/**
 * When the job should finish, in this browser's clock (ms since epoch). Until a chunk has finished
 * there is no speed to go on, so it is the server's estimate from past jobs (`estimatedDoneAt`),
 * or `null` without one. Then the speed is measured between chunk counts this browser saw; until
 * it has seen one rise (e.g. right after a reload) it falls back to the server's own timing since
 * `startedAt` — durations on one clock, anchored to our clock.
 */
export function estimateCompletionAt(job: EtaInput): number | null {
  const measured = measuredCompletionAt(job);
  if (measured !== null || !isActiveStatus(job.status)) return measured;
  return job.estimatedDoneAt ?? null;
}

function measuredCompletionAt(job: EtaInput): number | null {
  const { pace } = job;
  if (job.status !== 'processing' || !pace) return null;
  // Every chunk saved, only the final assembly left: due now.
  if (job.currentChunk >= job.totalChunks) return pace.to.at;
  const remaining = job.totalChunks - pace.to.chunks;
  const seen = pace.to.chunks - pace.from.chunks;
  if (seen > 0) return pace.to.at + ((pace.to.at - pace.from.at) / seen) * remaining;
  if (pace.to.chunks === 0 || !job.startedAt) return null;
  const serverElapsed = Date.parse(job.updatedAt) - Date.parse(job.startedAt);
  if (!(serverElapsed > 0)) return null;
  return pace.to.at + (serverElapsed / pace.to.chunks) * remaining;
}
