import type { TrackedJob } from '@talk-track/core/client';

/**
 * The fields of a tracked job a component shows, compared by identity: the client keeps `pace`,
 * `sync` and `result` as the same object while they do not change. Left out: `updatedAt` (a lease
 * heartbeat moves only it), the other timestamps, `deckId`, `watched` and `fresh`.
 */
const SHOWN_FIELDS = [
  'jobId',
  'status',
  'progress',
  'currentChunk',
  'totalChunks',
  'slideCount',
  'result',
  'pace',
  'sync',
  'queueAhead',
  'estimatedDoneAt',
] as const satisfies readonly (keyof TrackedJob)[];

/**
 * Whether two versions of a deck's job show the same thing, so the hook keeps the version it has
 * and nothing re-renders. A re-read brings an equal but new `slides` array and `error` object:
 * those are compared by what is shown of them.
 */
export function sameOnScreen(a: TrackedJob | undefined, b: TrackedJob | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    SHOWN_FIELDS.every((field) => a[field] === b[field]) &&
    a.slides.length === b.slides.length &&
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message
  );
}
