/**
 * How the route handlers start (or restart) the worker for a job. The call only has to deliver
 * the job id: the worker answers at once and runs in the background, and a job whose invocation
 * got lost is picked up again by the stale check on the next status read.
 */
export interface WorkerInvoker {
  invoke(jobId: string): Promise<void>;
}
