import type { DeckInput } from '@talk-track/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouteApi, isTerminal, type RouteApi } from '../support/routeApi.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

// Issue 11: hosts' decks hold their users' own text. A quarterly review with a long bullet and
// long speaker notes on every slide goes through the route handler and the edge function under
// Deno, against the local OpenAI-compatible server, like any other deck; a slide too long to share
// a request is generated alone, by the plan stored with the job.
let stack: WorkerStack;
let api: RouteApi;
let workerUrl: string;

beforeAll(async () => {
  stack = await startWorkerStack({ llm: { latencyMs: 20 } });
  const worker = await stack.startDeno();
  workerUrl = worker.url;
  api = createRouteApi({ store: stack.store, workerUrl, workerKey: stack.key });
});
afterAll(() => stack?.close());

function quarterlyReview(slides: number, bulletChars: number, notesChars: number): DeckInput {
  return {
    id: `q3-review-${slides}-${notesChars}`,
    title: 'Q3 quarterly review',
    slides: Array.from({ length: slides }, (_, i) => ({
      title: `Region ${i + 1} results`,
      bullets: [
        `Revenue grew in region ${i + 1}. `.padEnd(bulletChars, 'More detail from the field. '),
        'Churn held steady',
      ],
      notes: 'Talk through the numbers slowly and take questions. '
        .repeat(Math.ceil(notesChars / 52))
        .slice(0, notesChars),
    })),
  };
}

describe('real decks', () => {
  it('accepts a 55-slide deck with 700-character bullets and 5,000-character notes, and generates all of it', async () => {
    const deck = quarterlyReview(55, 700, 5_000);
    const jobId = await api.startJob(stack.userId, deck);
    const { snapshot } = await api.poll(stack.userId, jobId, isTerminal, { timeoutMs: 60_000 });
    expect(snapshot.status).toBe('completed');
    expect(snapshot.totalChunks).toBe(11);
    expect(snapshot.result?.slides.map((slide) => slide.title)).toEqual(deck.slides.map((slide) => slide.title));
  });

  it('gives a slide too long to share a request a chunk of its own, and the job completes', async () => {
    // Half the budget is 8,000 characters: the 9,000-character notes of slide 8 cannot share.
    const planned = createRouteApi({
      store: stack.store,
      workerUrl,
      workerKey: stack.key,
      limits: { maxChunkChars: 16_000 },
    });
    const deck = quarterlyReview(12, 100, 200);
    deck.title = 'Deck with one long slide';
    deck.slides[7] = {
      ...deck.slides[7]!,
      notes: 'Walk through every line item of the forecast. '.repeat(200).slice(0, 9_000),
    };
    const jobId = await planned.startJob(stack.userId, deck);
    const { snapshot } = await planned.poll(stack.userId, jobId, isTerminal, { timeoutMs: 60_000 });
    expect(snapshot.status).toBe('completed');
    expect(snapshot.totalChunks).toBe(4);
    expect(snapshot.result?.slides.map((slide) => slide.title)).toEqual(deck.slides.map((slide) => slide.title));
    // What the model was asked: slides 1–5, 6–7, 8 alone, 9–12 (0-based ranges), each once.
    const ranges = stack.llm.stats.calls.filter((call) => call.deckTitle === deck.title).map((call) => call.slides);
    expect(ranges).toHaveLength(4);
    expect(ranges).toEqual(
      expect.arrayContaining([
        [0, 4],
        [5, 6],
        [7, 7],
        [8, 11],
      ]),
    );
  });

  it('refuses a deck over its budget with a 422 naming the slide and by how much, and writes nothing', async () => {
    const deck = quarterlyReview(55, 2_000, 10_000);
    const response = await api.start(stack.userId, deck);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; message: string; field: string };
    expect(body.code).toBe('validation_failed');
    expect(body.field).toMatch(/^deck\.slides\.\d+$/);
    const index = Number(body.field.split('.')[2]);
    expect(body.message).toMatch(
      new RegExp(
        `^Slide ${index + 1} \\("Region ${index + 1} results"\\) brings the deck to [\\d,]+ characters: [\\d,]+ over the 600,000 a deck may hold\\.`,
      ),
    );
    expect(await stack.db.sql`select 1 from talk_track_jobs where deck_id = ${deck.id}`).toHaveLength(0);
  });
});
