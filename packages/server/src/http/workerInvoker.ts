import type { JobHandoff } from '../worker/runJob.ts';

/**
 * How the route handlers start (or restart) the worker for a job, and how the worker hands the
 * rest of a job to a fresh invocation of itself. The call only has to deliver the job id: the
 * worker answers at once and runs in the background, and a job whose invocation got lost is
 * picked up again by the stale check on the next status read.
 */
export interface WorkerInvoker {
  invoke(jobId: string, handoff?: JobHandoff): Promise<void>;
}
