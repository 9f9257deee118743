import { API_ERROR_CODES } from '@talk-track/core';
import { apiError, jsonResponse } from '../shared/apiError.ts';
import type { HandlerContext } from './handlerContext.ts';
import { isUuid } from '../isUuid.ts';
import { needsChunks, snapshotFromJob } from './snapshotFromJob.ts';
import { HELD_READ_RETRY_AFTER_SECONDS } from './heldReadLimiter.ts';
import { readWaitForChange, waitForJobChange } from './waitForJobChange.ts';

/**
 * `GET {base}/:id`: the caller's job with the slides finished so far. Wakes the worker of a stale
 * job on the way. With `?waitForChangeMs=…&since=<updatedAt>` (long-polling), an active job whose
 * `updatedAt` is still `since` is held until it changes or the wait runs out (at most 8 s); past
 * the held-read limits (`HeldReadLimits`) such a read gets a 429 `too_many_held_reads` instead.
 */
export async function handleGetJob(
  context: HandlerContext,
  jobId: string,
  userId: string,
  request?: Request,
): Promise<Response> {
  const wait = readWaitForChange(request ? new URL(request.url).searchParams : new URLSearchParams());
  if ('error' in wait) return apiError(422, API_ERROR_CODES.validationFailed, wait.error, { field: 'waitForChangeMs' });
  // A malformed id is answered exactly like someone else's job: 404, nothing to tell them apart.
  if (!isUuid(jobId)) return jobNotFound();
  const held = wait.waitMs > 0 && wait.since !== null;
  // Room for a held read is taken before any database read, so a refusal costs nothing.
  const release = held ? context.heldReads.acquire(userId) : undefined;
  if (release === null) {
    return apiError(
      429,
      API_ERROR_CODES.tooManyHeldReads,
      'Too many status reads are waiting for changes; read without waiting, or try again shortly.',
      {
        headers: { 'retry-after': String(HELD_READ_RETRY_AFTER_SECONDS) },
      },
    );
  }
  try {
    return await readJob(context, jobId, userId, held ? wait : null, request?.signal);
  } finally {
    release?.();
  }
}

async function readJob(
  context: HandlerContext,
  jobId: string,
  userId: string,
  wait: { waitMs: number; since: string | null } | null,
  signal?: AbortSignal,
): Promise<Response> {
  const read = await context.store.getJobWithChunksForUser(jobId, userId);
  if (!read) return jobNotFound();
  context.reviver.reviveIfStale(read.job);
  if (wait?.since) {
    const job = await waitForJobChange(read.job, {
      store: context.store,
      userId,
      since: wait.since,
      waitMs: wait.waitMs,
      signal,
    });
    if (!job) return jobNotFound();
    // A held read that looked at the row again answers with the chunks as they are now.
    // Its outlook is the one read first: a job that ended since has none (see snapshotFromJob).
    if (job !== read.job)
      return jsonResponse(
        200,
        snapshotFromJob(job, needsChunks(job) ? await context.store.listChunks(job.id) : [], read.outlook),
      );
  }
  return jsonResponse(200, snapshotFromJob(read.job, read.chunks, read.outlook));
}

export function jobNotFound(): Response {
  return apiError(404, API_ERROR_CODES.notFound, 'No such talk track job.');
}
