import type { JobError, JobSnapshot, TalkTrackSlide } from '@talk-track/core';
import type { ChunkRecord, JobSummary } from '../jobStore.ts';

/**
 * The public view of a job: what `GET …/:id` answers. Leaves out what only the server needs
 * (user id, input deck, lease, idempotency key). Takes a `JobSummary` (a `JobRecord` is one too), so
 * a status read never fetches the deck. `chunks` may be in any order; the slides come out in deck
 * order. Once the job is completed the result's slides are the truth.
 */
export function snapshotFromJob(job: JobSummary, chunks: readonly ChunkRecord[]): JobSnapshot {
  return {
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
  return { code: job.errorCode ?? 'internal_error', message: job.errorMessage ?? 'The job failed.' };
}
