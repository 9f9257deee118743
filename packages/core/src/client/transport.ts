import type { CreateJobResponse, JobSnapshot } from '../api.ts';
import type { DeckInput } from '../deckSchema.ts';

export interface CreateJobOptions {
  /** Repeating a start with the same key returns the same job instead of a second one. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface GetJobOptions extends RequestOptions {
  /**
   * Long-polling: the server holds the read until the job's `updatedAt` differs from `since` or
   * this many milliseconds pass (the server caps it at 8 s). Needs `since`.
   */
  waitForChangeMs?: number;
  /** The `updatedAt` of the snapshot the client already has. */
  since?: string;
}

/**
 * How the client talks to the route handlers. `createHttpTransport` is the real one; stories and
 * tests may pass any object with this shape. Failures reject with `TalkTrackApiError`.
 */
export interface TalkTrackTransport {
  create(deck: DeckInput, options?: CreateJobOptions): Promise<CreateJobResponse>;
  get(jobId: string, options?: GetJobOptions): Promise<JobSnapshot>;
  cancel(jobId: string, options?: RequestOptions): Promise<JobSnapshot>;
  retry(jobId: string, options?: RequestOptions): Promise<JobSnapshot>;
  /**
   * The signed-in user's most recent job for the deck, whatever its status; `null` when there is
   * none. How a browser that lost its stored job finds it again.
   * Optional for custom transports: without it, only stored and started jobs are known.
   */
  findLatest?(deckId: string, options?: RequestOptions): Promise<JobSnapshot | null>;
}
