import { checkPromptBudget, countChunks, createJobRequestSchema, type CreateJobResponse } from '@talk-track/core';
import type { JobRecord } from '../jobStore.ts';
import { apiError, jsonResponse } from './apiError.ts';
import { invokeWorker, type HandlerContext } from './handlerContext.ts';
import { parseJsonBody } from './parseJsonBody.ts';
import { needsChunks, snapshotFromJob } from './snapshotFromJob.ts';
import { validationFailure } from './validationFailure.ts';

/** `POST {base}`: validates the deck, writes one pending job, starts the worker, answers 201 `{ jobId, job }`. */
export async function handleCreateJob(context: HandlerContext, request: Request, userId: string): Promise<Response> {
  const requestStartedAt = Date.now();
  const body = await parseJsonBody(request, context.maxBodyBytes);
  if (!body.ok) return body.response;

  const parsed = createJobRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    const { field, message } = validationFailure(parsed.error);
    return apiError(422, 'validation_failed', message, { field });
  }

  const { deck, idempotencyKey } = parsed.data;
  const overrun = checkPromptBudget(deck, context.chunkSize, context.limits);
  if (overrun) return apiError(422, 'validation_failed', overrun.message, { field: overrun.field });
  const job = await context.store.createJob({
    userId,
    deck,
    chunkSize: context.chunkSize,
    totalChunks: countChunks(deck.slides.length, context.chunkSize),
    idempotencyKey,
  });

  const replayed = idempotencyKey !== undefined && isReplay(job, requestStartedAt);
  // A replayed start must not re-invoke a job that is already running or finished; the stale
  // check covers a replay whose first invocation got lost.
  if (!replayed) await invokeWorker(context, job.id);

  const chunks = replayed && needsChunks(job) ? await context.store.listChunks(job.id) : [];
  const answer: CreateJobResponse = { jobId: job.id, job: snapshotFromJob(job, chunks) };
  return jsonResponse(replayed ? 200 : 201, answer);
}

/**
 * Whether the store returned a job that existed before this request (same idempotency key). The
 * store answers with the row either way, so this compares the row's creation time (the database
 * clock) with the request's start (ours): a job created by this request cannot predate it. Clock
 * skew between the two can only turn a 200 into a 201 for a replay within the skew; the job id is
 * right either way.
 */
function isReplay(job: JobRecord, requestStartedAt: number): boolean {
  return Date.parse(job.createdAt) < requestStartedAt;
}
