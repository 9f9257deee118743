import { API_ERROR_CODES, createJobRequestSchema, type CreateJobResponse } from '@talk-track/core';
import { planChunks } from '../chunkPlan/chunkPlanner.ts';
import { checkPromptBudget } from '../chunkPlan/promptBudget.ts';
import { apiError, jsonResponse } from '../shared/apiError.ts';
import { invokeWorker, type HandlerContext } from './handlerContext.ts';
import { parseJsonBody } from '../shared/parseJsonBody.ts';
import { needsChunks, snapshotFromJob } from './snapshotFromJob.ts';
import { validationFailure } from '../shared/validationFailure.ts';

/** `POST {base}`: validates the deck, writes one pending job, starts the worker, answers 201 `{ jobId, job }`. */
export async function handleCreateJob(context: HandlerContext, request: Request, userId: string): Promise<Response> {
  const body = await parseJsonBody(request, context.maxBodyBytes);
  if (!body.ok) return body.response;

  const parsed = createJobRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    const { field, message } = validationFailure(parsed.error);
    return apiError(422, API_ERROR_CODES.validationFailed, message, { field });
  }

  const { deck, idempotencyKey } = parsed.data;
  // Planned once, here, from the deck's text; stored with the job, so the budget checked is the
  // plan every invocation of the worker runs.
  const plan = planChunks(deck.slides, context.chunkSize, context.limits);
  const overrun = checkPromptBudget(deck, plan, context.limits);
  if (overrun) return apiError(422, API_ERROR_CODES.validationFailed, overrun.message, { field: overrun.field });
  const { job, created, estimatedSeconds } = await context.store.createJob({
    userId,
    deck,
    chunkSize: context.chunkSize,
    plan,
    idempotencyKey,
  });

  // The store says whether this call inserted the job (SQL decides, not clocks). A replayed start
  // must not re-invoke a job that is already running or finished; the sweep (and the stale check
  // of a status read) covers a replay whose first invocation got lost.
  if (created) await invokeWorker(context, job.id);

  const chunks = !created && needsChunks(job) ? await context.store.listChunks(job.id) : [];
  // A new job waits in line for nothing yet; its estimate came with the start.
  const answer: CreateJobResponse = {
    jobId: job.id,
    job: snapshotFromJob(job, chunks, { queueAhead: null, estimatedSeconds }),
  };
  return jsonResponse(created ? 201 : 200, answer);
}
