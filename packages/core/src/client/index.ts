// `@talk-track/core/client`: the browser side, as hosts and `@talk-track/react` use it. The
// watcher, the store's wiring, the persistence format, the transport and tab plumbing stay
// internal (test doubles reach them through the private `@talk-track/testing`), so changing them
// never changes the public surface (`api-reports/` records it).
//
// The shared model is re-exported from the modules that carry no zod, so importing this entry
// never pulls the schemas into a bundle.
export { isActiveStatus, type JobStatus } from '../jobStatus.ts';
export { WORKER_ERROR_CODES, type JobError, type JobSnapshot, type WorkerErrorCode } from '../api.ts';
export type { DeckInput } from '../deckSchema.ts';
export type { TalkTrack, TalkTrackSlide } from '../talkTrackSchema.ts';

export {
  createTalkTrackClient,
  type StartOptions,
  type TalkTrackClient,
  type TalkTrackClientOptions,
} from './talkTrackClient.ts';
export { TalkTrackApiError } from './TalkTrackApiError.ts';
export type { SyncProblem, TrackedJob } from './trackedJob.ts';
export type { JobNotice } from './noticeFeed.ts';
export { estimateCompletionAt } from './eta.ts';
