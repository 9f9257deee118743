// `@talk-track/server`: what a route file needs (see `packages/server/templates/route/route.ts`,
// which `npx talk-track init` writes): the handler and its options, the job stores a route builds
// it on, and the invoker that reaches the edge function. The worker engine is
// `@talk-track/server/worker`, the edge function's entry; tuning constants and internals stay
// inside (each option's TSDoc gives its default).
export {
  createTalkTrackHandler,
  type TalkTrackHandler,
  type TalkTrackHandlerOptions,
} from './http/createTalkTrackHandler.ts';
export type { HeldReadLimits } from './http/heldReadLimiter.ts';
export type { StaleJobTiming } from './http/staleJobReviver.ts';
export type { PromptLimits } from './chunkPlan/promptBudget.ts';

// Job stores: postgres.js over SQL (the client options a route's `postgres()` call spreads), or supabase-js over RPC.
export type { JobStore } from './jobStore.ts';
export { createPostgresJobStore } from './stores/postgresJobStore.ts';
export { POSTGRES_CLIENT_OPTIONS } from './stores/postgresClientOptions.ts';
export { createSupabaseJobStore } from './stores/supabaseJobStore.ts';

// How the route reaches the edge function.
export {
  createEdgeFunctionInvoker,
  edgeFunctionInvokerFromEnv,
  type EdgeFunctionInvokerOptions,
} from './shared/edgeFunctionInvoker.ts';
export type { WorkerInvoker } from './shared/workerInvoker.ts';
export type { TalkTrackLogger } from './shared/logger.ts';
