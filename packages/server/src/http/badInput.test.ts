import { randomUUID } from 'node:crypto';
import type { CreateJobResponse, DeckInput } from '@talk-track/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import { createPostgresJobStore } from '../stores/postgresJobStore.ts';
import { createTalkTrackHandler, type TalkTrackHandler } from './createTalkTrackHandler.ts';
import {
  apiRequest,
  deckInput as deck,
  getUserIdFromHeader,
  recordingLogger,
  recordingWorker,
  type RecordingWorker,
} from '@talk-track/testing/server';

const user = randomUUID();
const FIVE_MB = 5 * 1024 * 1024;

const db = useTestDatabase();
let worker: RecordingWorker;
let handler: TalkTrackHandler;

beforeAll(async () => {
  worker = recordingWorker();
  handler = createTalkTrackHandler({
    store: createPostgresJobStore(db.sql),
    worker,
    logger: recordingLogger(),
    getUserId: getUserIdFromHeader,
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- bad input on purpose: these write shapes no type allows */
const withDeck = (change: (deck: Record<string, any>) => void) => {
  const value = deck(5) as Record<string, any>;
  change(value);
  return { deck: value };
};
const withSlide = (index: number, change: (slide: Record<string, any>) => void) =>
  withDeck((d) => change(d.slides[index]));
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A body streamed without content-length, so only the reader's own cap can stop it. */
function streamedBody(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new Uint8Array(Math.min(65_536, bytes - sent)).fill(0x20);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

// Each row: the request, the status, the stable `code`, and `field` where the input is at fault.
// `field: undefined` asserts the answer has no field.
type Row = [name: string, status: number, code: string, request: () => Request, field?: string];
const post = (body: unknown) => () => apiRequest('', { user, body });
const find = (query: string) => () => apiRequest(query, { user });
const raw =
  (rawBody: BodyInit, contentType: string | null = 'application/json') =>
  () =>
    apiRequest('', { user, rawBody, contentType });

const rows: Row[] = [
  // Transport
  ['body is not JSON', 400, 'invalid_json', raw('{deck: nope')],
  ['empty body', 400, 'invalid_json', raw('')],
  ['truncated JSON', 400, 'invalid_json', raw('{"deck": {"id": "a"')],
  ['invalid UTF-8', 400, 'invalid_json', raw(new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))],
  ['text/plain content type', 415, 'unsupported_media_type', raw(JSON.stringify({ deck: deck(1) }), 'text/plain')],
  ['no content type', 415, 'unsupported_media_type', raw(JSON.stringify({ deck: deck(1) }), null)],
  ['form content type', 415, 'unsupported_media_type', raw('deck=1', 'application/x-www-form-urlencoded')],
  [
    'JSON in another charset',
    415,
    'unsupported_media_type',
    raw(JSON.stringify({ deck: deck(1) }), 'application/json; charset=utf-16'),
  ],
  [
    '5 MB body with a content-length',
    413,
    'payload_too_large',
    () => apiRequest('', { user, rawBody: ' '.repeat(FIVE_MB), headers: { 'content-length': String(FIVE_MB) } }),
  ],
  ['5 MB streamed body', 413, 'payload_too_large', raw(streamedBody(FIVE_MB))],
  ['5 MB of valid JSON', 413, 'payload_too_large', post({ deck: deck(1), pad: 'x'.repeat(FIVE_MB) })],
  // Shape of the body
  ['JSON null', 422, 'validation_failed', post(null), undefined],
  ['JSON array', 422, 'validation_failed', post([{ deck: deck(1) }]), undefined],
  ['JSON string', 422, 'validation_failed', post('deck'), undefined],
  ['empty object', 422, 'validation_failed', post({}), 'deck'],
  ['deck is a string', 422, 'validation_failed', post({ deck: 'deck-1' }), 'deck'],
  ['deeply nested arrays', 422, 'validation_failed', raw(`{"deck":${'['.repeat(5000)}${']'.repeat(5000)}}`), 'deck'],
  ['unknown top-level field', 422, 'validation_failed', post({ ...withDeck(() => {}), extra: true }), 'extra'],
  [
    '__proto__ as a field',
    422,
    'validation_failed',
    raw(`{"deck":${JSON.stringify(deck(1))},"__proto__":{"admin":true}}`),
    '__proto__',
  ],
  // Deck fields
  ['deck id missing', 422, 'validation_failed', post(withDeck((d) => delete d.id)), 'deck.id'],
  ['deck id is a number', 422, 'validation_failed', post(withDeck((d) => (d.id = 42))), 'deck.id'],
  ['deck id of 201 characters', 422, 'validation_failed', post(withDeck((d) => (d.id = 'i'.repeat(201)))), 'deck.id'],
  ['deck title empty', 422, 'validation_failed', post(withDeck((d) => (d.title = ''))), 'deck.title'],
  ['deck title only spaces', 422, 'validation_failed', post(withDeck((d) => (d.title = '   \n\t'))), 'deck.title'],
  [
    'deck title of 301 characters',
    422,
    'validation_failed',
    post(withDeck((d) => (d.title = 't'.repeat(301)))),
    'deck.title',
  ],
  [
    'deck title of 500,000 characters',
    422,
    'validation_failed',
    post(withDeck((d) => (d.title = 't'.repeat(500_000)))),
    'deck.title',
  ],
  [
    'deck title with a NUL',
    422,
    'validation_failed',
    post(withDeck((d) => (d.title = 'Q3\u0000review'))),
    'deck.title',
  ],
  [
    'deck title with an escape sequence',
    422,
    'validation_failed',
    post(withDeck((d) => (d.title = '\u001b[31mred'))),
    'deck.title',
  ],
  [
    'audience too long',
    422,
    'validation_failed',
    post(withDeck((d) => (d.audience = 'a'.repeat(301)))),
    'deck.audience',
  ],
  ['unknown deck field', 422, 'validation_failed', post(withDeck((d) => (d.color = 'red'))), 'deck.color'],
  // Slides
  ['slides missing', 422, 'validation_failed', post(withDeck((d) => delete d.slides)), 'deck.slides'],
  [
    'slides is an object',
    422,
    'validation_failed',
    post(withDeck((d) => (d.slides = { 0: { title: 'a' } }))),
    'deck.slides',
  ],
  ['0 slides', 422, 'validation_failed', post(withDeck((d) => (d.slides = []))), 'deck.slides'],
  ['201 slides', 422, 'validation_failed', post({ deck: deck(201) }), 'deck.slides'],
  ['10,000 slides', 422, 'validation_failed', post({ deck: deck(10_000) }), 'deck.slides'],
  ['slide is null', 422, 'validation_failed', post(withDeck((d) => (d.slides[2] = null))), 'deck.slides.2'],
  ['slide title missing', 422, 'validation_failed', post(withSlide(3, (s) => delete s.title)), 'deck.slides.3.title'],
  [
    'slide title is a number',
    422,
    'validation_failed',
    post(withSlide(0, (s) => (s.title = 7))),
    'deck.slides.0.title',
  ],
  ['slide title empty', 422, 'validation_failed', post(withSlide(4, (s) => (s.title = ''))), 'deck.slides.4.title'],
  [
    'slide title with a bell character',
    422,
    'validation_failed',
    post(withSlide(2, (s) => (s.title = 'ding\u0007'))),
    'deck.slides.2.title',
  ],
  // JSON may carry "\ud800" alone; Postgres cannot store it (22P02), so it is the caller's input that is wrong, not our service.
  [
    'slide notes with a lone surrogate',
    422,
    'validation_failed',
    post(withSlide(1, (s) => (s.notes = 'half an emoji \ud83d'))),
    'deck.slides.1.notes',
  ],
  [
    'a bullet with a lone low surrogate',
    422,
    'validation_failed',
    post(withSlide(0, (s) => (s.bullets = ['\udc00 orphan']))),
    'deck.slides.0.bullets.0',
  ],
  [
    'bullets is a string',
    422,
    'validation_failed',
    post(withSlide(0, (s) => (s.bullets = 'one, two'))),
    'deck.slides.0.bullets',
  ],
  [
    'a bullet is a number',
    422,
    'validation_failed',
    post(withSlide(1, (s) => (s.bullets = ['ok', 2]))),
    'deck.slides.1.bullets.1',
  ],
  [
    '21 bullets',
    422,
    'validation_failed',
    post(withSlide(0, (s) => (s.bullets = Array(21).fill('b')))),
    'deck.slides.0.bullets',
  ],
  [
    'notes of 10,001 characters',
    422,
    'validation_failed',
    post(withSlide(0, (s) => (s.notes = 'n'.repeat(10_001)))),
    'deck.slides.0.notes',
  ],
  [
    'a bullet of 2,001 characters',
    422,
    'validation_failed',
    post(withSlide(1, (s) => (s.bullets = ['b'.repeat(2_001)]))),
    'deck.slides.1.bullets.0',
  ],
  // The prompt budget: slides as full as the field limits allow (about 50,000 characters) are
  // each generated alone, so no request is over its 100,000; the twelfth takes the deck past 600,000.
  [
    'a deck over its budget',
    422,
    'validation_failed',
    post({
      deck: {
        ...deck(13),
        slides: deck(13).slides.map((s) => ({
          ...s,
          notes: 'n'.repeat(10_000),
          bullets: Array(20).fill('b'.repeat(2_000)),
        })),
      },
    }),
    'deck.slides.11',
  ],
  [
    'unknown slide field',
    422,
    'validation_failed',
    post(withSlide(0, (s) => (s.html = '<b>x</b>'))),
    'deck.slides.0.html',
  ],
  // Idempotency key
  ['idempotency key empty', 422, 'validation_failed', post({ deck: deck(1), idempotencyKey: '' }), 'idempotencyKey'],
  [
    'idempotency key is a number',
    422,
    'validation_failed',
    post({ deck: deck(1), idempotencyKey: 12 }),
    'idempotencyKey',
  ],
  // Finding a deck's latest job (GET ?deckId=): the same rules as deck.id
  ['find without a deckId', 422, 'validation_failed', find(''), 'deckId'],
  ['find with an empty deckId', 422, 'validation_failed', find('?deckId='), 'deckId'],
  ['find with a deckId of spaces', 422, 'validation_failed', find('?deckId=%20%20'), 'deckId'],
  ['find with a deckId of 201 characters', 422, 'validation_failed', find(`?deckId=${'d'.repeat(201)}`), 'deckId'],
  ['find with a control character in the deckId', 422, 'validation_failed', find('?deckId=deck%07'), 'deckId'],
  ['find with two deckIds', 422, 'validation_failed', find('?deckId=a&deckId=b'), 'deckId'],
  ['find with deckid (wrong case)', 422, 'validation_failed', find('?deckid=deck-1'), 'deckId'],
  ['find without a user', 401, 'unauthenticated', () => apiRequest('?deckId=deck-1')],
  // Who and where
  ['no user', 401, 'unauthenticated', () => apiRequest('', { body: { deck: deck(1) } })],
  ['unknown job id', 404, 'not_found', () => apiRequest(`/${randomUUID()}`, { user })],
  ['malformed job id', 404, 'not_found', () => apiRequest('/not-a-uuid', { user })],
  ['SQL in the job id', 404, 'not_found', () => apiRequest(`/${encodeURIComponent("' or 1=1 --")}`, { user })],
  ['cancel an unknown job', 404, 'not_found', () => apiRequest(`/${randomUUID()}/cancel`, { user, method: 'POST' })],
  ['retry a malformed id', 404, 'not_found', () => apiRequest('/123/retry', { user, method: 'POST' })],
  ['unknown action', 404, 'not_found', () => apiRequest(`/${randomUUID()}/delete`, { user, method: 'POST' })],
  ['path too deep', 404, 'not_found', () => apiRequest(`/${randomUUID()}/cancel/now`, { user, method: 'POST' })],
  ['outside the base path', 404, 'not_found', () => new Request('http://127.0.0.1/api/other', { method: 'POST' })],
  [
    'PUT on the collection',
    405,
    'method_not_allowed',
    () => apiRequest('', { user, method: 'PUT', body: { deck: deck(1) } }),
  ],
  ['DELETE on the collection', 405, 'method_not_allowed', () => apiRequest('', { user, method: 'DELETE' })],
  ['DELETE a job', 405, 'method_not_allowed', () => apiRequest(`/${randomUUID()}`, { user, method: 'DELETE' })],
  ['GET on cancel', 405, 'method_not_allowed', () => apiRequest(`/${randomUUID()}/cancel`, { user })],
  ['PATCH on retry', 405, 'method_not_allowed', () => apiRequest(`/${randomUUID()}/retry`, { user, method: 'PATCH' })],
];

const countRows = async () =>
  (
    await db.sql<{ jobs: number; chunks: number }[]>`
    select (select count(*)::int from talk_track_jobs) as jobs, (select count(*)::int from talk_track_chunks) as chunks`
  )[0]!;

describe('bad input is a 4xx with a stable code and writes nothing', () => {
  it.each(rows)('%s → %i %s', async (_name, status, code, request, ...field) => {
    const response = await handler.handle(request());
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body.code).toBe(code);
    expect(typeof body.message).toBe('string');
    expect(body.message.length).toBeGreaterThan(0);
    if (field.length > 0) expect(body.field).toBe(field[0]);
    if (status === 405) expect(response.headers.get('allow')).toMatch(/^(GET|POST|GET, POST)$/);
    expect(await countRows()).toEqual({ jobs: 0, chunks: 0 });
    expect(worker.calls).toEqual([]);
  });

  it('answers a wrong method on the collection with both of its methods', async () => {
    const response = await handler.handle(apiRequest('', { user, method: 'PUT', body: { deck: deck(1) } }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });

  it('names the offending query parameter in the message', async () => {
    expect(await (await handler.handle(find('')())).json()).toMatchObject({
      field: 'deckId',
      message: 'deckId is required',
    });
    expect(await (await handler.handle(find('?deckId=')())).json()).toMatchObject({
      message: 'deckId must not be empty',
    });
  });

  it('names the offending field in the message', async () => {
    const body = await (await handler.handle(post(withSlide(3, (s) => (s.title = '')))())).json();
    expect(body.message).toBe('deck.slides.3.title must not be empty');
  });
});

describe('unusual but valid text is accepted and kept exactly', () => {
  const cases: [string, Partial<DeckInput>][] = [
    [
      'emoji, RTL, combining marks and astral characters',
      {
        id: 'deck-🙂',
        title: 'مرحبا 👩🏽‍💻 Ünïcödé e\u0301 𝔘𝔫𝔦',
        slides: [{ title: '中文 / 日本語 / 한국어', bullets: ['\u200d zero width joiner'] }],
      },
    ],
    [
      'SQL-looking text',
      {
        id: "x'); drop table talk_track_jobs; --",
        title: "Robert'); DROP TABLE students;--",
        slides: [{ title: '1 OR 1=1', bullets: ['$$ select pg_sleep(10) $$'] }],
      },
    ],
    [
      'HTML and script',
      {
        id: '<img src=x onerror=alert(1)>',
        title: '<script>alert("x")</script>',
        slides: [{ title: '</title><h1>hi', notes: '&amp; &lt;' }],
      },
    ],
    ['tabs and newlines', { id: 'deck\ttab', title: 'Line one\nLine two', slides: [{ title: 'a\r\nb' }] }],
  ];

  it.each(cases)('%s', async (_name, overrides) => {
    const input = deck(2, overrides);
    const response = await handler.handle(apiRequest('', { user: randomUUID(), body: { deck: input } }));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const { job } = (await response.json()) as CreateJobResponse;
    expect(job.deckId).toBe(input.id);
    const [row] = await db.sql`select deck_id, input from talk_track_jobs where id = ${job.id}`;
    expect(row!.deck_id).toBe(input.id);
    expect(row!.input.title).toBe(input.title);
    expect(row!.input.slides[0]).toMatchObject(input.slides[0]!);
    await db.sql`delete from talk_track_jobs where id = ${job.id}`;
    worker.calls.length = 0;
  });
});
