import type { TrackedJob } from '@talk-track/core/client';

/**
 * Whether two versions of a deck's job show the same thing. A lease heartbeat moves only
 * `updatedAt` (and a re-read brings an equal but new `slides` array): nothing a component shows,
 * so the hook keeps the version it has and nothing re-renders. `pace` and `sync` are kept as the
 * same object by the client while they do not change.
 */
export function sameOnScreen(a: TrackedJob | undefined, b: TrackedJob | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.jobId === b.jobId &&
    a.status === b.status &&
    a.progress === b.progress &&
    a.currentChunk === b.currentChunk &&
    a.totalChunks === b.totalChunks &&
    a.slideCount === b.slideCount &&
    a.slides.length === b.slides.length &&
    a.result === b.result &&
    a.pace === b.pace &&
    a.sync === b.sync &&
    a.queueAhead === b.queueAhead &&
    a.estimatedDoneAt === b.estimatedDoneAt &&
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message
  );
}
