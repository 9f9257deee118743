import type { JobSnapshot } from '../api.ts';
import type { Pace } from './eta.ts';

/** Why the last status read of a job failed. `fatal` problems (401, 403, …) will not pass by waiting; the watcher asks again only rarely. */
export interface SyncProblem {
  code: string;
  message: string;
  /** Consecutive failed reads. */
  failures: number;
  fatal: boolean;
}

/**
 * The snapshot fields a tracked job holds as the server sent them. `applyJobEvent` copies these,
 * `persistedJobs.ts` checks them, and `TrackedJob` takes their types from `JobSnapshot`.
 */
export const SNAPSHOT_FIELDS = [
  'deckId',
  'status',
  'progress',
  'currentChunk',
  'totalChunks',
  'slideCount',
  'error',
  'createdAt',
  'startedAt',
  'completedAt',
  'updatedAt',
  'slides',
  'result',
] as const satisfies readonly (keyof JobSnapshot)[];

export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

/**
 * Fields a reload loses: `persistedJobs.ts` stores the rest. The slides and the result stay out of
 * storage on purpose (see there); the others describe this session only.
 */
export const SESSION_FIELDS = [
  'slides',
  'result',
  'fresh',
  'sync',
  'queueAhead',
  'estimatedDoneAt',
] as const satisfies readonly (keyof TrackedJob)[];

export type SessionField = (typeof SESSION_FIELDS)[number];

/** What the client knows of the job for one deck. */
export interface TrackedJob extends Pick<JobSnapshot, SnapshotField> {
  jobId: JobSnapshot['id'];
  /**
   * Its end is news worth a notification: this browser saw the job pending or processing, or found
   * it on the server after losing track of it (see `TalkTrackClient.watchDeck`). The notification
   * ledger still announces each ending once per origin.
   */
  watched: boolean;
  pace: Pace | null;
  /** While the job waits in line for an LLM slot: jobs ahead of it (`JobSnapshot.queue`); `null` otherwise. */
  queueAhead: NonNullable<JobSnapshot['queue']>['ahead'] | null;
  /**
   * When the server's estimate from past jobs (`JobSnapshot.estimatedSeconds`) says the job ends,
   * in this browser's clock; fixed when first seen for the run. `null` without history.
   */
  estimatedDoneAt: number | null;
  /** Whether `slides` and `result` came from the server in this session. */
  fresh: boolean;
  sync: SyncProblem | null;
}

/** Changes to the tracked jobs. The tab that learns something applies it and posts it to the other tabs, which apply it too. */
export type JobEvent =
  // `watched`: announce how it ends even if it has ended already (a job found again on the server; the ledger still keeps it to once).
  | { type: 'snapshot'; snapshot: JobSnapshot; at: number; watched?: boolean }
  | { type: 'sync'; deckId: string; jobId: string; sync: SyncProblem | null }
  | { type: 'forget'; deckId: string; jobId: string };

export type TrackedJobs = Readonly<Record<string, TrackedJob>>;
