// `@talk-track/core`: the shared model the server package compiles against and a host's server code
// names: the deck it sends and its schema, the talk track it gets back, the job snapshot and status
// the API answers with, and the error codes. No client code here, so the route handlers and the
// Deno edge function load neither the watcher nor zustand; the browser side is
// `@talk-track/core/client`. The chunk planner and prompt budget live in the server, their one user.
export { JOB_STATUSES, isActiveStatus, type JobStatus } from './jobStatus.ts';
export { deckSchema, createJobRequestSchema, type Deck, type DeckInput } from './deckSchema.ts';
export { talkTrackSchema, type TalkTrack, type TalkTrackSlide } from './talkTrackSchema.ts';
export {
  DEFAULT_API_BASE_PATH,
  API_ERROR_CODES,
  WORKER_ERROR_CODES,
  type ApiErrorBody,
  type ApiErrorCode,
  type WorkerErrorCode,
  type JobSnapshot,
  type JobError,
  type CreateJobResponse,
  type FindJobResponse,
} from './api.ts';
