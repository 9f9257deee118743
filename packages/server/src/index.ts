// Job stores: the one interface and its two adapters.
export * from './jobStore.ts';
export { createPostgresJobStore } from './stores/postgresJobStore.ts';
export { POSTGRES_CLIENT_OPTIONS } from './stores/postgresClientOptions.ts';
export { createSupabaseJobStore } from './stores/supabaseJobStore.ts';

// Route handlers (Web Request → Response) and how they reach the worker.
export * from './http/index.ts';
export { consoleLogger } from './http/logger.ts';

// The worker engine the edge function serves.
export { createWorkerHandler, type WorkerHandlerOptions } from './worker/createWorkerHandler.ts';
export { sweepStaleJobs, SWEEP_LIMIT, SWEEP_PENDING_GRACE_SECONDS, type SweepOptions, type SweepResult } from './sweepStaleJobs.ts';
export {
  readWorkerConfig,
  DEFAULT_WORKER_CONFIG,
  WORKER_FUNCTION_NAME,
  WorkerConfigError,
  type WorkerConfig,
  type EnvRecord,
} from './worker/workerConfig.ts';
export { workerKeysFromEnv, authenticateWorkerCall } from './worker/authenticateWorkerCall.ts';
export { runJob, type RunJobOptions, type RunJobOutcome } from './worker/runJob.ts';
