import { isActiveStatus, type ApiErrorBody, type CreateJobResponse, type DeckInput, type JobSnapshot, type TalkTrackSlide } from '@talk-track/core';
import { DEFAULT_CHUNK_SIZE } from '../../server/src/chunkPlan/chunkPlanner.ts';

/** A request failure to inject: `'network'` rejects like an unreachable server, a number answers that HTTP status. */
export type InjectedFailure = 'network' | number;

export interface FakeTalkTrackApiOptions {
  basePath?: string;
  chunkSize?: number;
  now?: () => number;
}

/**
 * The route handlers' HTTP API in memory, behind a `fetch`: the same paths, status codes and JSON
 * bodies (`docs/contract.md`), plus handles to move jobs along the way the worker would. For
 * tests and stories of the client; the real handlers have their own tests.
 */
export function createFakeTalkTrackApi(options: FakeTalkTrackApiOptions = {}) {
  const base = options.basePath ?? 'http://127.0.0.1/api/generate/talk-track';
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const now = options.now ?? Date.now;
  const jobs = new Map<string, { snapshot: JobSnapshot; deck: DeckInput; key?: string }>();
  const failures: InjectedFailure[] = [];
  const requests: { method: string; path: string }[] = [];
  let lastStamp = 0;
  let nextId = 1;

  // Strictly rising, like updated_at under a real clock.
  const stamp = () => new Date((lastStamp = Math.max(lastStamp + 1, now()))).toISOString();

  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const refuse = (status: number, body: ApiErrorBody) => json(status, body);
  const notFound = () => refuse(404, { code: 'not_found', message: 'No such talk track job.' });
  const copy = (snapshot: JobSnapshot): JobSnapshot => structuredClone(snapshot);

  function update(id: string, change: (job: JobSnapshot) => Partial<JobSnapshot>): JobSnapshot {
    const entry = jobs.get(id);
    if (!entry) throw new Error(`No fake job ${id}`);
    entry.snapshot = { ...entry.snapshot, ...change(entry.snapshot), updatedAt: stamp() };
    return copy(entry.snapshot);
  }

  function activeFor(deckId: string) {
    return [...jobs.values()].find((entry) => entry.snapshot.deckId === deckId && isActiveStatus(entry.snapshot.status));
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

  function create(body: { deck?: DeckInput; idempotencyKey?: string }): Response {
    const deck = body.deck;
    if (!deck || typeof deck.id !== 'string' || !deck.id.trim()) return refuse(422, { code: 'validation_failed', message: 'must not be empty', field: 'deck.id' });
    if (!Array.isArray(deck.slides) || deck.slides.length === 0) return refuse(422, { code: 'validation_failed', message: 'must have at least 1 slide', field: 'deck.slides' });
    const replay = body.idempotencyKey && [...jobs.values()].find((entry) => entry.key === body.idempotencyKey);
    if (replay) return json(200, { jobId: replay.snapshot.id, job: copy(replay.snapshot) } satisfies CreateJobResponse);
    const active = activeFor(deck.id);
    if (active) return refuse(409, { code: 'job_already_active', message: 'A talk track is already being generated for this deck.', jobId: active.snapshot.id });
    const id = `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`;
    const at = stamp();
    const snapshot: JobSnapshot = {
      id, deckId: deck.id, status: 'pending', progress: 0, currentChunk: 0,
      // The fake's decks are short, so every chunk holds chunkSize slides (the last one fewer).
      totalChunks: Math.ceil(deck.slides.length / chunkSize), slideCount: deck.slides.length,
      slides: [], result: null, error: null, createdAt: at, startedAt: null, completedAt: null, updatedAt: at,
    };
    jobs.set(id, { snapshot, deck, key: body.idempotencyKey });
    return json(201, { jobId: id, job: copy(snapshot) } satisfies CreateJobResponse);
  }

  function act(id: string, action: string): Response {
    const entry = jobs.get(id);
    if (!entry) return notFound();
    const { status, deckId } = entry.snapshot;
    if (action === 'cancel') {
      if (!isActiveStatus(status)) return refuse(409, { code: 'invalid_transition', message: 'The job cannot do that in its current state.' });
      return json(200, update(id, () => ({ status: 'cancelled', completedAt: new Date(now()).toISOString() })));
    }
    if (status !== 'failed' && status !== 'cancelled') return refuse(409, { code: 'invalid_transition', message: 'The job cannot do that in its current state.' });
    const active = activeFor(deckId);
    if (active) return refuse(409, { code: 'job_already_active', message: 'A talk track is already being generated for this deck.', jobId: active.snapshot.id });
    return json(200, update(id, () => ({ status: 'pending', error: null, completedAt: null })));
  }

  function findLatest(deckId: string | null): Response {
    if (!deckId?.trim()) return refuse(422, { code: 'validation_failed', message: 'deckId is required', field: 'deckId' });
    const latest = [...jobs.values()].filter((entry) => entry.snapshot.deckId === deckId).sort((a, b) => b.snapshot.createdAt.localeCompare(a.snapshot.createdAt))[0];
    return json(200, { job: latest ? copy(latest.snapshot) : null });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(base).pathname.length) + url.search;
    requests.push({ method: request.method, path });
    const failure = failures.shift();
    if (failure === 'network') throw new TypeError('fetch failed');
    if (failure !== undefined) return refuse(failure, { code: failure === 401 ? 'unauthenticated' : 'service_unavailable', message: `Injected HTTP ${failure}.` });
    const [id, action] = url.pathname.slice(new URL(base).pathname.length).split('/').filter(Boolean);
    if (request.method === 'POST' && !id) return create((await request.json()) as { deck?: DeckInput; idempotencyKey?: string });
    if (request.method === 'GET' && !id) return findLatest(url.searchParams.get('deckId'));
    if (request.method === 'GET' && id && !action) return jobs.has(id) ? json(200, copy(jobs.get(id)!.snapshot)) : notFound();
    if (request.method === 'POST' && id && (action === 'cancel' || action === 'retry')) return act(id, action);
    return refuse(405, { code: 'method_not_allowed', message: 'Not allowed.' });
  }

  const api = {
    basePath: base,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init))) as typeof fetch,
    requests,
    /** Status reads so far, of one job or all (not counting lookups by deck). */
    statusReads: (jobId?: string) => requests.filter((r) => r.method === 'GET' && r.path.startsWith('/') && (!jobId || r.path === `/${jobId}`)).length,
    /** Lookups of a deck's latest job (`GET ?deckId=`) so far, of one deck or all. */
    lookups: (deckId?: string) => requests.filter((r) => r.method === 'GET' && r.path.startsWith('?') && (!deckId || r.path === `?deckId=${encodeURIComponent(deckId)}`)).length,
    /** The next requests fail this way, one failure each. */
    failNext: (...next: InjectedFailure[]) => void failures.push(...next),
    job: (id: string) => copy(jobs.get(id)!.snapshot),
    jobIds: () => [...jobs.keys()],
    /** pending → processing, as a worker's claim does. */
    claim: (id: string) => update(id, (job) => ({ status: 'processing', startedAt: job.startedAt ?? new Date(now()).toISOString() })),
    /** Saves the next chunk's slides and the progress they imply. */
    saveChunk(id: string) {
      const { deck } = jobs.get(id)!;
      return update(id, (job) => {
        const currentChunk = job.currentChunk + 1;
        const slides = [...job.slides];
        for (let i = job.currentChunk * chunkSize; i < Math.min(currentChunk * chunkSize, job.slideCount); i++) slides.push(slideFor(deck, i));
        return { currentChunk, slides, progress: Math.max(job.progress, Math.min(99, Math.floor((100 * currentChunk) / job.totalChunks))) };
      });
    },
    complete(id: string) {
      const { deck } = jobs.get(id)!;
      return update(id, (job) => {
        const slides = deck.slides.map((_, i) => slideFor(deck, i));
        return {
          status: 'completed', progress: 100, currentChunk: job.totalChunks, slides, completedAt: new Date(now()).toISOString(),
          result: { opening: 'Thanks for joining.', slides, closing: 'Questions?', totalDurationSeconds: 45 * slides.length },
        };
      });
    },
    /**
     * What the real status read computes from other rows: the job's place in line (`ahead`, or
     * `null` when it is not waiting) and the estimate from past jobs. Neither moves `updatedAt`:
     * in the database, a place in line changes as other jobs get their turn.
     */
    outlook(id: string, outlook: { ahead?: number | null; estimatedSeconds?: number | null }) {
      const entry = jobs.get(id)!;
      if (outlook.ahead !== undefined) entry.snapshot.queue = outlook.ahead === null ? null : { ahead: outlook.ahead };
      if (outlook.estimatedSeconds !== undefined) entry.snapshot.estimatedSeconds = outlook.estimatedSeconds;
      return copy(entry.snapshot);
    },
    /** A worker's lease heartbeat: only `updatedAt` moves. */
    heartbeat: (id: string) => update(id, () => ({})),
    /** Deletes the job, as the cleanup of old jobs does. */
    remove: (id: string) => void jobs.delete(id),
    fail: (id: string, code = 'llm_unavailable', message = 'The language model is unavailable. Try again in a few minutes.') =>
      update(id, () => ({ status: 'failed', error: { code, message }, completedAt: new Date(now()).toISOString() })),
    /** One step of a worker's life: claim, then a chunk at a time, then complete. */
    step(id: string) {
      const job = jobs.get(id)!.snapshot;
      if (job.status === 'pending') return api.claim(id);
      if (job.status !== 'processing') return copy(job);
      return job.currentChunk < job.totalChunks ? api.saveChunk(id) : api.complete(id);
    },
  };
  return api;
}

export type FakeTalkTrackApi = ReturnType<typeof createFakeTalkTrackApi>;

/** A deck of `slides` slides, as a host would send it. */
export function sampleDeck(id = 'deck-1', slides = 12): DeckInput {
  return {
    id,
    title: `Deck ${id}`,
    slides: Array.from({ length: slides }, (_, i) => ({ title: `Slide ${i + 1}`, bullets: [`Point ${i + 1}a`, `Point ${i + 1}b`] })),
  };
}
