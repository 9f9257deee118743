import { type JobError, type JobSnapshot, type TalkTrackSlide, WORKER_ERROR_CODES } from '@talk-track/core';
import type { ChunkRecord, JobOutlook, JobSummary } from '../jobStore.ts';

/**
 * The public view of a job: what `GET …/:id` answers. Leaves out what only the server needs
 * (user id, input deck, lease, idempotency key). Takes a `JobSummary` (a `JobRecord` is one too), so
 * a status read never fetches the deck. `chunks` may be in any order; the slides come out in deck
 * order. Once the job is completed the result's slides are the truth. `outlook`, where the read
 * computed it, adds the place in line and the estimate (only while the job is active).
 */
export function snapshotFromJob(job: JobSummary, chunks: readonly ChunkRecord[], outlook?: JobOutlook): JobSnapshot {
  const snapshot: JobSnapshot = {
    id: job.id,
    deckId: job.deckId,
    status: job.status,
    progress: job.progress,
    currentChunk: job.currentChunk,
    totalChunks: job.totalChunks,
    slideCount: job.slideCount,
    slides: job.status === 'completed' && job.result ? job.result.slides : slidesFromChunks(chunks),
    result: job.status === 'completed' ? job.result : null,
    error: errorOf(job),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
    updatedAt: job.updatedAt,
    usage: { tokensIn: job.tokensIn, tokensOut: job.tokensOut, llmCalls: job.llmCalls },
  };
  if (!outlook) return snapshot;
  const active = job.status === 'pending' || job.status === 'processing';
  // A held read may answer a job that ended since the outlook was read: an ended job has none.
  snapshot.queue = active && outlook.queueAhead !== null ? { ahead: outlook.queueAhead } : null;
  snapshot.estimatedSeconds = active ? outlook.estimatedSeconds : null;
  return snapshot;
}

/** Whether the snapshot needs the saved chunks (a completed job carries its slides in `result`). */
export function needsChunks(job: JobSummary): boolean {
  return !(job.status === 'completed' && job.result);
}

function slidesFromChunks(chunks: readonly ChunkRecord[]): TalkTrackSlide[] {
  return [...chunks]
    .sort((a, b) => a.chunkIndex - b.chunkIndex)
    .flatMap((chunk) => chunk.output.slides)
    .sort((a, b) => a.index - b.index);
}

function errorOf(job: JobSummary): JobError | null {
  if (job.errorCode === null && job.errorMessage === null) return null;
  return { code: job.errorCode ?? WORKER_ERROR_CODES.internal, message: job.errorMessage ?? 'The job failed.' };
}
