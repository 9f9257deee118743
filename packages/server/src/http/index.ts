// The route handlers' public surface, re-exported by the package entry.
export { createTalkTrackHandler, DEFAULT_INVOKE_WAIT_MS, type TalkTrackHandler, type TalkTrackHandlerOptions } from './createTalkTrackHandler.ts';
export {
  createEdgeFunctionInvoker,
  edgeFunctionInvokerFromEnv,
  DEFAULT_INVOKE_TIMEOUT_MS,
  WorkerInvokeError,
  type EdgeFunctionInvokerOptions,
} from '../shared/edgeFunctionInvoker.ts';
export { snapshotFromJob } from './snapshotFromJob.ts';
export { type StaleJobTiming } from './staleJobReviver.ts';
export { DEFAULT_MAX_BODY_BYTES } from '../shared/parseJsonBody.ts';
export { DEFAULT_MAX_HELD_READS, DEFAULT_MAX_HELD_READS_PER_USER, HELD_READ_RETRY_AFTER_SECONDS, type HeldReadLimits } from './heldReadLimiter.ts';
