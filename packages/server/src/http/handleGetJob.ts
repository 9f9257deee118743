import { apiError, jsonResponse } from './apiError.ts';
import type { HandlerContext } from './handlerContext.ts';
import { isUuid } from './isUuid.ts';
import { needsChunks, snapshotFromJob } from './snapshotFromJob.ts';

/** `GET {base}/:id`: the caller's job with the slides finished so far. Wakes the worker of a stale job on the way. */
export async function handleGetJob(context: HandlerContext, jobId: string, userId: string): Promise<Response> {
  // A malformed id is answered exactly like someone else's job: 404, nothing to tell them apart.
  if (!isUuid(jobId)) return jobNotFound();
  const job = await context.store.getJobForUser(jobId, userId);
  if (!job) return jobNotFound();

  const chunks = needsChunks(job) ? await context.store.listChunks(job.id) : [];
  context.reviver.reviveIfStale(job);
  return jsonResponse(200, snapshotFromJob(job, chunks));
}

export function jobNotFound(): Response {
  return apiError(404, 'not_found', 'No such talk track job.');
}
