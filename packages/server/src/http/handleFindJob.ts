import { API_ERROR_CODES, deckSchema, type FindJobResponse } from '@talk-track/core';
import { apiError, jsonResponse } from '../shared/apiError.ts';
import type { HandlerContext } from './handlerContext.ts';
import { snapshotFromJob } from './snapshotFromJob.ts';
import { validationFailure } from '../shared/validationFailure.ts';

// The same rules as the id a job was started with (`deck.id`), so any deck that can have a job can be asked about.
const deckIdSchema = deckSchema.pick({ id: true });

/**
 * `GET {base}?deckId=…`: the caller's most recent job for the deck, whatever its status, as a
 * status read would show it. How a browser that lost its stored job (cleared or corrupt storage,
 * another browser) finds a running or finished talk track again. `{ job: null }` when they have none.
 */
export async function handleFindJob(context: HandlerContext, request: Request, userId: string): Promise<Response> {
  const values = new URL(request.url).searchParams.getAll('deckId');
  // A repeated deckId is ambiguous: refused (as a non-string) rather than guessed at.
  const parsed = deckIdSchema.safeParse({ id: values.length > 1 ? values : values[0] });
  if (!parsed.success) {
    // The schema names it `id` (its place in a deck); here it is the `deckId` query parameter.
    const { message } = validationFailure(parsed.error);
    return apiError(422, API_ERROR_CODES.validationFailed, message.replace(/^id\b/, 'deckId'), { field: 'deckId' });
  }

  const latest = await context.store.findLatestJobForDeck(userId, parsed.data.id);
  // Then the job as a status read sees it (chunks, place in line, estimate): a browser that lost
  // track of a running job gets the same view as one that polls it.
  const read = latest && (await context.store.getJobWithChunksForUser(latest.id, userId));
  if (!read) return jsonResponse(200, { job: null } satisfies FindJobResponse);

  // Finding a stuck job is as good a moment as any status read to wake its worker.
  context.reviver.reviveIfStale(read.job);
  return jsonResponse(200, { job: snapshotFromJob(read.job, read.chunks, read.outlook) } satisfies FindJobResponse);
}
