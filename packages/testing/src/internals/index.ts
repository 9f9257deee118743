// `@talk-track/testing/internals`: the packages' internals that tests, benchmarks and the local
// stack (tooling/) need and no host does, re-exported from source by relative path so the public
// entries stay what hosts use. A name a host needs belongs in its package's entry instead. The
// browser client's internals are in `@talk-track/testing` itself: stories load that in the browser,
// and this file pulls in the server.

// What the local stack loads before the packages are built: the worker's defaults, the chunk request.
export * from './localStack.ts';

// @talk-track/server: the job model and the store's internals
export * from '../../../server/src/jobStore.ts';
export { JOB_SUMMARY_COLUMNS, jobRecordFromRow, type JobRow } from '../../../server/src/stores/jobRecordFromRow.ts';
export {
  chunksFromStarts,
  planChunks,
  DEFAULT_CHUNK_SIZE,
  type ChunkPlan,
} from '../../../server/src/chunkPlan/chunkPlanner.ts';
export { DEFAULT_PROMPT_LIMITS } from '../../../server/src/chunkPlan/promptBudget.ts';
export { consoleLogger, silentLogger } from '../../../server/src/shared/logger.ts';
export type { JobHandoff } from '../../../server/src/shared/workerInvoker.ts';
export type { SweepResult } from '../../../server/src/sweepStaleJobs.ts';

// @talk-track/server: the route handlers' tuning
export { DEFAULT_INVOKE_WAIT_MS } from '../../../server/src/http/createTalkTrackHandler.ts';
export { LONG_POLL_CHECK_MS, MAX_WAIT_FOR_CHANGE_MS } from '../../../server/src/http/waitForJobChange.ts';

// @talk-track/server/worker: the engine, run in-process by tests and benchmarks
export {
  runJob,
  type RunJobConfig,
  type RunJobOptions,
  type RunJobOutcome,
} from '../../../server/src/worker/runJob.ts';
export { createChunkGenerator, type GenerateChunk } from '../../../server/src/worker/generateChunk.ts';
export { WorkerError } from '../../../server/src/worker/workerError.ts';
export { SAVE_RETRY_DELAYS_MS } from '../../../server/src/worker/retry.ts';

// @talk-track/server/worker: the chunk request and answer, which the local OpenAI-compatible server reads and writes
export { buildChunkRequest } from '../../../server/src/worker/chunkRequest.ts';
export { buildChunkMessages } from '../../../server/src/worker/talkTrackPrompt.ts';
export { CHUNK_ANSWER_JSON_SCHEMA, CHUNK_ANSWER_SCHEMA_NAME } from '../../../server/src/worker/chunkAnswerSchema.ts';
export { parseChunkAnswer } from '../../../server/src/worker/parseChunkAnswer.ts';
export { assembleTalkTrack } from '../../../server/src/worker/assembleTalkTrack.ts';
