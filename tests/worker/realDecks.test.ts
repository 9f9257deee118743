import type { DeckInput } from '@talk-track/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouteApi, isTerminal, type RouteApi } from '../support/routeApi.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

// Issue 11: hosts' decks hold their users' own text. A quarterly review with a long bullet and
// long speaker notes on every slide goes through the route handler and the edge function under
// Deno, against the local OpenAI-compatible server, like any other deck.
let stack: WorkerStack;
let api: RouteApi;

beforeAll(async () => {
  stack = await startWorkerStack({ llm: { latencyMs: 20 } });
  const worker = await stack.startDeno();
  api = createRouteApi({ store: stack.store, workerUrl: worker.url, workerKey: stack.key });
});
afterAll(() => stack?.close());

function quarterlyReview(slides: number, bulletChars: number, notesChars: number): DeckInput {
  return {
    id: `q3-review-${slides}-${notesChars}`,
    title: 'Q3 quarterly review',
    slides: Array.from({ length: slides }, (_, i) => ({
      title: `Region ${i + 1} results`,
      bullets: [`Revenue grew in region ${i + 1}. `.padEnd(bulletChars, 'More detail from the field. '), 'Churn held steady'],
      notes: 'Talk through the numbers slowly and take questions. '.repeat(Math.ceil(notesChars / 52)).slice(0, notesChars),
    })),
  };
}

describe('real decks', () => {
  it('accepts a 55-slide deck with 700-character bullets and 5,000-character notes, and generates all of it', async () => {
    const deck = quarterlyReview(55, 700, 5_000);
    const jobId = await api.startJob(stack.userId, deck);
    const { snapshot } = await api.poll(stack.userId, jobId, isTerminal, { timeoutMs: 60_000 });
    expect(snapshot.status).toBe('completed');
    expect(snapshot.result?.slides.map((slide) => slide.title)).toEqual(deck.slides.map((slide) => slide.title));
  });

  it('refuses a deck over its budget with a 422 naming the slide and by how much, and writes nothing', async () => {
    const deck = quarterlyReview(55, 2_000, 10_000);
    const response = await api.start(stack.userId, deck);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; message: string; field: string };
    expect(body.code).toBe('validation_failed');
    expect(body.field).toMatch(/^deck\.slides\.\d+$/);
    const index = Number(body.field.split('.')[2]);
    expect(body.message).toMatch(new RegExp(`^Slide ${index + 1} \\("Region ${index + 1} results"\\) brings the deck to [\\d,]+ characters: [\\d,]+ over the 600,000 a deck may hold\\.`));
    expect(await stack.db.sql`select 1 from talk_track_jobs where deck_id = ${deck.id}`).toHaveLength(0);
  });
});
