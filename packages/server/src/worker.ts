// `@talk-track/server/worker`: what the edge function imports (supabase/functions/generate-talk-track),
// and the types of those functions' options. Everything here loads in Deno from
// `npm:@talk-track/server/worker` without the supabase-js adapter, whose type import would make
// `deno check` (and Supabase's bundler) look for `@supabase/supabase-js`, which the function never needs.
export { createWorkerHandler, type WorkerHandlerOptions } from './worker/createWorkerHandler.ts';
export { readWorkerConfig, type WorkerConfig } from './worker/workerConfig.ts';
export { workerKeysFromEnv } from './shared/authenticateWorkerCall.ts';
export type { EnvRecord } from './shared/workerInvoker.ts';
export type { TalkTrackLogger } from './shared/logger.ts';
export type { JobStore } from './jobStore.ts';
export { createPostgresJobStore } from './stores/postgresJobStore.ts';
export { POSTGRES_CLIENT_OPTIONS } from './stores/postgresClientOptions.ts';
// The scheduled sweep, for a host that runs it on a schedule of its own with other bounds.
export { sweepStaleJobs, type SweepOptions } from './sweepStaleJobs.ts';
