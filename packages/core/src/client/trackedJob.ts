import type { JobError, JobSnapshot } from '../api.ts';
import type { JobStatus } from '../jobStatus.ts';
import type { TalkTrack, TalkTrackSlide } from '../talkTrackSchema.ts';
import type { Pace } from './eta.ts';

/** Why the last status read of a job failed. `fatal` problems (401, 403, …) will not pass by waiting; the watcher asks again only rarely. */
export interface SyncProblem {
  code: string;
  message: string;
  /** Consecutive failed reads. */
  failures: number;
  fatal: boolean;
}

/** What the client knows of the job for one deck. */
export interface TrackedJob {
  jobId: string;
  deckId: string;
  status: JobStatus;
  progress: number;
  currentChunk: number;
  totalChunks: number;
  slideCount: number;
  error: JobError | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
  /**
   * Its end is news worth a notification: this browser saw the job pending or processing, or found
   * it on the server after losing track of it (see `TalkTrackClient.watchDeck`). The notification
   * ledger still announces each ending once per origin.
   */
  watched: boolean;
  pace: Pace | null;
  // Session-only fields: never persisted (see `persistedJobs.ts`).
  /** While the job waits in line for an LLM slot: jobs ahead of it (`JobSnapshot.queue`); `null` otherwise. */
  queueAhead: number | null;
  /**
   * When the server's estimate from past jobs (`JobSnapshot.estimatedSeconds`) says the job ends,
   * in this browser's clock; fixed when first seen for the run. `null` without history.
   */
  estimatedDoneAt: number | null;
  /** Slides finished so far, in deck order. Empty after a reload until the next read. */
  slides: TalkTrackSlide[];
  result: TalkTrack | null;
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
