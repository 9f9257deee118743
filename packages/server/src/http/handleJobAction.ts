import { jsonResponse } from '../shared/apiError.ts';
import { jobNotFound } from './handleGetJob.ts';
import { invokeWorker, type HandlerContext } from './handlerContext.ts';
import { isUuid } from '../isUuid.ts';
import { snapshotFromJob } from './snapshotFromJob.ts';

/**
 * `POST {base}/:id/cancel` and `POST {base}/:id/retry`: the state change itself happens in the
 * store (one SQL function), which refuses a wrong state with `invalid_transition` and a second
 * active job with `job_already_active`. Answers the job's new snapshot.
 */
export async function handleJobAction(
  context: HandlerContext,
  action: 'cancel' | 'retry',
  jobId: string,
  userId: string,
): Promise<Response> {
  if (!isUuid(jobId)) return jobNotFound();
  const job =
    action === 'cancel' ? await context.store.cancelJob(jobId, userId) : await context.store.retryJob(jobId, userId);
  if (!job) return jobNotFound();

  if (action === 'retry') await invokeWorker(context, job.id);
  // Both cancel and retry keep the saved chunks, so the snapshot still shows the finished slides.
  const chunks = await context.store.listChunks(job.id);
  return jsonResponse(200, snapshotFromJob(job, chunks));
}
