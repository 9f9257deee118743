// `@talk-track/core/client`: the browser side. What a host uses is exported here by name, and
// nothing else: the watcher, the store's wiring, the persistence format and the test doubles stay
// internal (doubles live in the private `@talk-track/testing` workspace package), so changing
// them never changes the public surface (`api-reports/` records it).
//
// The shared model a browser needs (statuses, API shapes, error codes) is re-exported from the
// modules that carry no zod, so importing this entry never pulls the schemas into a bundle.
export { JOB_STATUSES, isActiveStatus, isTerminalStatus, type JobStatus } from '../jobStatus.ts';
export {
  API_ERROR_CODES,
  DEFAULT_API_BASE_PATH,
  WORKER_ERROR_CODES,
  type ApiErrorBody,
  type ApiErrorCode,
  type CreateJobResponse,
  type JobError,
  type JobQueuePlace,
  type JobSnapshot,
  type WorkerErrorCode,
} from '../api.ts';
export type { DeckInput } from '../deckSchema.ts';
export type { TalkTrack, TalkTrackSlide } from '../talkTrackSchema.ts';

// The client and what it is made of, for hosts that configure or replace a part.
export { createTalkTrackClient, type StartOptions, type TalkTrackClient, type TalkTrackClientOptions } from './talkTrackClient.ts';
export { createHttpTransport, type HttpTransportOptions } from './httpTransport.ts';
export type { CreateJobOptions, GetJobOptions, RequestOptions, TalkTrackTransport } from './transport.ts';
export { TalkTrackApiError } from './TalkTrackApiError.ts';
export { DEFAULT_POLL_INTERVAL_MS, DEFAULT_HIDDEN_POLL_INTERVAL_MS, DEFAULT_MAX_BACKOFF_MS, type PollTiming } from './pollSchedule.ts';
export { DEFAULT_STORAGE_KEY, type TrackedJobsStore, type TrackedJobsState } from './trackedJobsStore.ts';
export type { JobEvent, SyncProblem, TrackedJob, TrackedJobs } from './trackedJob.ts';
export type { JobNotice, NoticeFeed } from './noticeFeed.ts';
export { estimateCompletionAt, type ChunkMark, type EtaInput, type Pace } from './eta.ts';
export { createBroadcastTabChannel, type TabChannel } from './tabChannel.ts';
export type { Clock } from './clock.ts';
export type { LockManagerLike, LockRequestOptions } from './locks.ts';
export type { OnlineEvents } from './onlineEvents.ts';
export type { VisibilitySource } from './visibility.ts';
