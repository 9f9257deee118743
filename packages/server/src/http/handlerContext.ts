import type { PromptLimits } from '../chunkPlan/promptBudget.ts';
import type { JobStore } from '../jobStore.ts';
import type { HeldReadLimiter } from './heldReadLimiter.ts';
import type { TalkTrackLogger } from '../shared/logger.ts';
import type { StaleJobReviver } from './staleJobReviver.ts';
import type { WorkerInvoker } from '../shared/workerInvoker.ts';

/** The handler options with defaults applied, shared by the per-route handlers. */
export interface HandlerContext {
  store: JobStore;
  worker: WorkerInvoker;
  chunkSize: number;
  limits: PromptLimits;
  maxBodyBytes: number;
  invokeWaitMs: number;
  logger: TalkTrackLogger;
  reviver: StaleJobReviver;
  heldReads: HeldReadLimiter;
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * Starts the worker for `jobId`, waiting at most `invokeWaitMs`. A slow invocation is left running
 * (handed to `waitUntil` where the platform needs it); a failed one is only logged. Either way the
 * job stays pending until a worker claims it, and the scheduled sweep (or the stale check of a
 * later status read) invokes it again, so the caller gets its job id quickly.
 */
export async function invokeWorker(context: HandlerContext, jobId: string): Promise<void> {
  const invocation = context.worker.invoke(jobId).then(
    () => 'invoked' as const,
    (error: unknown) => {
      context.logger.warn(`Could not invoke the worker for job ${jobId}; the sweep or a status read will retry it.`, {
        jobId,
        error,
      });
      return 'failed' as const;
    },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), context.invokeWaitMs);
  });
  const outcome = await Promise.race([invocation, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    context.logger.warn(
      `The worker invocation for job ${jobId} took over ${context.invokeWaitMs} ms; answering without waiting for it.`,
      { jobId },
    );
    context.waitUntil?.(invocation);
  }
}
