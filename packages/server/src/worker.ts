// `@talk-track/server/worker`: what the edge function imports. Everything here loads in Deno from
// `npm:@talk-track/server/worker` without the supabase-js adapter, whose type import would make
// `deno check` (and Supabase's bundler) look for `@supabase/supabase-js`, which the function never needs.
export * from './jobStore.ts';
export { createPostgresJobStore } from './stores/postgresJobStore.ts';
export { POSTGRES_CLIENT_OPTIONS } from './stores/postgresClientOptions.ts';
export { createWorkerHandler, type WorkerHandlerOptions } from './worker/createWorkerHandler.ts';
export { sweepStaleJobs, SWEEP_LIMIT, type SweepOptions, type SweepResult } from './sweepStaleJobs.ts';
export {
  readWorkerConfig,
  DEFAULT_WORKER_CONFIG,
  WorkerConfigError,
  type WorkerConfig,
} from './worker/workerConfig.ts';
export { REASONING_EFFORTS, type ReasoningEffort } from './worker/modelProfile.ts';
export { workerKeysFromEnv, authenticateWorkerCall } from './shared/authenticateWorkerCall.ts';
export { WORKER_FUNCTION_NAME, workerUrlFromEnv, type EnvRecord, type JobHandoff, type WorkerInvoker } from './shared/workerInvoker.ts';
export { consoleLogger, silentLogger, type TalkTrackLogger } from './shared/logger.ts';
export { runJob, type RunJobOptions, type RunJobOutcome } from './worker/runJob.ts';
