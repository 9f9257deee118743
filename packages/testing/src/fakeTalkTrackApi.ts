import {
  API_ERROR_CODES,
  WORKER_ERROR_CODES,
  isActiveStatus,
  type ApiErrorBody,
  type CreateJobResponse,
  type DeckInput,
  type JobSnapshot,
  type TalkTrackSlide,
} from '@talk-track/core';
import { DEFAULT_CHUNK_SIZE } from '../../server/src/chunkPlan/chunkPlanner.ts';

/** A request failure to inject: `'network'` rejects like an unreachable server, a number answers that HTTP status. */
export type InjectedFailure = 'network' | number;

export interface FakeTalkTrackApiOptions {
  basePath?: string;
  chunkSize?: number;
  now?: () => number;
}

/** The fake's jobs and clock, shared by its routes and by the worker's moves. */
interface FakeJobs {
  jobs: Map<string, { snapshot: JobSnapshot; deck: DeckInput; key?: string }>;
  chunkSize: number;
  now: () => number;
  /** A new `updatedAt`: strictly rising, like updated_at under a real clock. */
  stamp(): string;
  nextId: number;
}

/**
 * The route handlers' HTTP API in memory, behind a `fetch`: the same paths, status codes and JSON
 * bodies (`docs/contract.md`), plus handles to move jobs along the way the worker would. For
 * tests and stories of the client; the real handlers have their own tests.
 */
export function createFakeTalkTrackApi(options: FakeTalkTrackApiOptions = {}) {
  const base = options.basePath ?? 'http://127.0.0.1/api/generate/talk-track';
  const now = options.now ?? Date.now;
  let lastStamp = 0;
  const state: FakeJobs = {
    jobs: new Map(),
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    now,
    stamp: () => new Date((lastStamp = Math.max(lastStamp + 1, now()))).toISOString(),
    nextId: 1,
  };
  const failures: InjectedFailure[] = [];
  const requests: { method: string; path: string }[] = [];
  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    requests.push({ method: request.method, path: url.pathname.slice(new URL(base).pathname.length) + url.search });
    const failure = failures.shift();
    if (failure === 'network') throw new TypeError('fetch failed');
    if (failure !== undefined)
      return refuse(failure, {
        code: failure === 401 ? API_ERROR_CODES.unauthenticated : API_ERROR_CODES.serviceUnavailable,
        message: `Injected HTTP ${failure}.`,
      });
    return route(state, request, url, new URL(base).pathname);
  };
  return {
    basePath: base,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init))) as typeof fetch,
    requests,
    /** Status reads so far, of one job or all (not counting lookups by deck). */
    statusReads: (jobId?: string) =>
      requests.filter((r) => r.method === 'GET' && r.path.startsWith('/') && (!jobId || r.path === `/${jobId}`)).length,
    /** Lookups of a deck's latest job (`GET ?deckId=`) so far, of one deck or all. */
    lookups: (deckId?: string) =>
      requests.filter(
        (r) =>
          r.method === 'GET' &&
          r.path.startsWith('?') &&
          (!deckId || r.path === `?deckId=${encodeURIComponent(deckId)}`),
      ).length,
    /** The next requests fail this way, one failure each. */
    failNext: (...next: InjectedFailure[]) => void failures.push(...next),
    job: (id: string) => copy(state.jobs.get(id)!.snapshot),
    jobIds: () => [...state.jobs.keys()],
    ...workerMoves(state),
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refuse = (status: number, body: ApiErrorBody) => json(status, body);
const notFound = () => refuse(404, { code: API_ERROR_CODES.notFound, message: 'No such talk track job.' });
const invalidTransition = () =>
  refuse(409, { code: API_ERROR_CODES.invalidTransition, message: 'The job cannot do that in its current state.' });
const alreadyActive = (jobId: string) =>
  refuse(409, {
    code: API_ERROR_CODES.jobAlreadyActive,
    message: 'A talk track is already being generated for this deck.',
    jobId,
  });
const copy = (snapshot: JobSnapshot): JobSnapshot => structuredClone(snapshot);

function route(state: FakeJobs, request: Request, url: URL, basePath: string): Promise<Response> | Response {
  const [id, action] = url.pathname.slice(basePath.length).split('/').filter(Boolean);
  if (request.method === 'POST' && !id)
    return request.json().then((body) => create(state, body as { deck?: DeckInput; idempotencyKey?: string }));
  if (request.method === 'GET' && !id) return findLatest(state, url.searchParams.get('deckId'));
  if (request.method === 'GET' && id && !action)
    return state.jobs.has(id) ? json(200, copy(state.jobs.get(id)!.snapshot)) : notFound();
  if (request.method === 'POST' && id && (action === 'cancel' || action === 'retry')) return act(state, id, action);
  return refuse(405, { code: API_ERROR_CODES.methodNotAllowed, message: 'Not allowed.' });
}

function activeFor({ jobs }: FakeJobs, deckId: string) {
  return [...jobs.values()].find((entry) => entry.snapshot.deckId === deckId && isActiveStatus(entry.snapshot.status));
}

function update(state: FakeJobs, id: string, change: (job: JobSnapshot) => Partial<JobSnapshot>): JobSnapshot {
  const entry = state.jobs.get(id);
  if (!entry) throw new Error(`No fake job ${id}`);
  entry.snapshot = { ...entry.snapshot, ...change(entry.snapshot), updatedAt: state.stamp() };
  return copy(entry.snapshot);
}

function create(state: FakeJobs, body: { deck?: DeckInput; idempotencyKey?: string }): Response {
  const deck = body.deck;
  if (!deck || typeof deck.id !== 'string' || !deck.id.trim())
    return refuse(422, { code: API_ERROR_CODES.validationFailed, message: 'must not be empty', field: 'deck.id' });
  if (!Array.isArray(deck.slides) || deck.slides.length === 0)
    return refuse(422, {
      code: API_ERROR_CODES.validationFailed,
      message: 'must have at least 1 slide',
      field: 'deck.slides',
    });
  const replay = body.idempotencyKey && [...state.jobs.values()].find((entry) => entry.key === body.idempotencyKey);
  if (replay) return json(200, { jobId: replay.snapshot.id, job: copy(replay.snapshot) } satisfies CreateJobResponse);
  const active = activeFor(state, deck.id);
  if (active) return alreadyActive(active.snapshot.id);
  const id = `00000000-0000-4000-8000-${String(state.nextId++).padStart(12, '0')}`;
  const at = state.stamp();
  const snapshot: JobSnapshot = {
    id,
    deckId: deck.id,
    status: 'pending',
    progress: 0,
    currentChunk: 0,
    // The fake's decks are short, so every chunk holds chunkSize slides (the last one fewer).
    totalChunks: Math.ceil(deck.slides.length / state.chunkSize),
    slideCount: deck.slides.length,
    slides: [],
    result: null,
    error: null,
    createdAt: at,
    startedAt: null,
    completedAt: null,
    updatedAt: at,
  };
  state.jobs.set(id, { snapshot, deck, key: body.idempotencyKey });
  return json(201, { jobId: id, job: copy(snapshot) } satisfies CreateJobResponse);
}

function act(state: FakeJobs, id: string, action: 'cancel' | 'retry'): Response {
  const entry = state.jobs.get(id);
  if (!entry) return notFound();
  const { status, deckId } = entry.snapshot;
  if (action === 'cancel') {
    if (!isActiveStatus(status)) return invalidTransition();
    return json(
      200,
      update(state, id, () => ({ status: 'cancelled', completedAt: new Date(state.now()).toISOString() })),
    );
  }
  if (status !== 'failed' && status !== 'cancelled') return invalidTransition();
  const active = activeFor(state, deckId);
  if (active) return alreadyActive(active.snapshot.id);
  return json(
    200,
    update(state, id, () => ({ status: 'pending', error: null, completedAt: null })),
  );
}

function findLatest({ jobs }: FakeJobs, deckId: string | null): Response {
  if (!deckId?.trim())
    return refuse(422, { code: API_ERROR_CODES.validationFailed, message: 'deckId is required', field: 'deckId' });
  const latest = [...jobs.values()]
    .filter((entry) => entry.snapshot.deckId === deckId)
    .sort((a, b) => b.snapshot.createdAt.localeCompare(a.snapshot.createdAt))[0];
  return json(200, { job: latest ? copy(latest.snapshot) : null });
}

function slideFor(deck: DeckInput, index: number): TalkTrackSlide {
  const slide = deck.slides[index]!;
  return {
    index,
    title: slide.title,
    script: `Here we talk about ${slide.title.toLowerCase()}.`,
    keyPoints: (slide.bullets ?? []).slice(0, 3),
    transition: index + 1 < deck.slides.length ? 'Which brings us to the next slide.' : 'To wrap up.',
    durationSeconds: 45,
  };
}

/** The next chunk's slides and the progress they imply. */
function nextChunk(deck: DeckInput, job: JobSnapshot, chunkSize: number): Partial<JobSnapshot> {
  const currentChunk = job.currentChunk + 1;
  const slides = [...job.slides];
  for (let i = job.currentChunk * chunkSize; i < Math.min(currentChunk * chunkSize, job.slideCount); i++)
    slides.push(slideFor(deck, i));
  return {
    currentChunk,
    slides,
    progress: Math.max(job.progress, Math.min(99, Math.floor((100 * currentChunk) / job.totalChunks))),
  };
}

function completed(deck: DeckInput, job: JobSnapshot, completedAt: string): Partial<JobSnapshot> {
  const slides = deck.slides.map((_, i) => slideFor(deck, i));
  return {
    status: 'completed',
    progress: 100,
    currentChunk: job.totalChunks,
    slides,
    completedAt,
    result: { opening: 'Thanks for joining.', slides, closing: 'Questions?', totalDurationSeconds: 45 * slides.length },
  };
}

/** Handles that move a job the way the worker (and the cleanup) would. */
function workerMoves(state: FakeJobs) {
  const { jobs, chunkSize, now } = state;
  const at = () => new Date(now()).toISOString();
  const moves = {
    /** pending → processing, as a worker's claim does. */
    claim: (id: string) => update(state, id, (job) => ({ status: 'processing', startedAt: job.startedAt ?? at() })),
    /** Saves the next chunk's slides and the progress they imply. */
    saveChunk: (id: string) => update(state, id, (job) => nextChunk(jobs.get(id)!.deck, job, chunkSize)),
    complete: (id: string) => update(state, id, (job) => completed(jobs.get(id)!.deck, job, at())),
    /**
     * What the real status read computes from other rows (the outlook): the job's place in line
     * (`ahead`, or `null` when it is not waiting) and the estimate from past jobs. Neither moves
     * `updatedAt`: in the database, a place in line changes as other jobs get their turn.
     */
    outlook(id: string, outlook: { ahead?: number | null; estimatedSeconds?: number | null }) {
      const entry = jobs.get(id)!;
      if (outlook.ahead !== undefined) entry.snapshot.queue = outlook.ahead === null ? null : { ahead: outlook.ahead };
      if (outlook.estimatedSeconds !== undefined) entry.snapshot.estimatedSeconds = outlook.estimatedSeconds;
      return copy(entry.snapshot);
    },
    /** A worker's lease heartbeat: only `updatedAt` moves. */
    heartbeat: (id: string) => update(state, id, () => ({})),
    /** Deletes the job, as the cleanup of old jobs does. */
    remove: (id: string) => void jobs.delete(id),
    fail: (
      id: string,
      code: string = WORKER_ERROR_CODES.llmUnavailable,
      message = 'The language model is unavailable. Try again in a few minutes.',
    ) => update(state, id, () => ({ status: 'failed', error: { code, message }, completedAt: at() })),
    /** One step of a worker's life: claim, then a chunk at a time, then complete. */
    step(id: string) {
      const job = jobs.get(id)!.snapshot;
      if (job.status === 'pending') return moves.claim(id);
      if (job.status !== 'processing') return copy(job);
      return job.currentChunk < job.totalChunks ? moves.saveChunk(id) : moves.complete(id);
    },
  };
  return moves;
}

export type FakeTalkTrackApi = ReturnType<typeof createFakeTalkTrackApi>;

/** A deck of `slides` slides, as a host would send it. */
export function sampleDeck(id = 'deck-1', slides = 12): DeckInput {
  return {
    id,
    title: `Deck ${id}`,
    slides: Array.from({ length: slides }, (_, i) => ({
      title: `Slide ${i + 1}`,
      bullets: [`Point ${i + 1}a`, `Point ${i + 1}b`],
    })),
  };
}
