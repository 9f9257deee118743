import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import type { CreateJobResponse, FindJobResponse, JobSnapshot, TalkTrackSlide } from '@talk-track/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createStandInClient,
  startPostgrest,
  supabaseKeys,
  TEST_JWT_SECRET,
  type PostgrestServer,
} from '../../../../tooling/src/postgrest/index.ts';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import type { JobStore } from '../jobStore.ts';
import { createPostgresJobStore } from '../stores/postgresJobStore.ts';
import { createSupabaseJobStore } from '../stores/supabaseJobStore.ts';
import { createTalkTrackHandler, type TalkTrackHandler } from './createTalkTrackHandler.ts';
import {
  apiRequest,
  deckInput as deck,
  getUserIdFromHeader,
  recordingLogger,
  recordingWorker,
  type RecordingLogger,
  type RecordingWorker,
} from '@talk-track/testing/server';

const INVOKE_WAIT_MS = 200;
const alice = randomUUID();
const bob = randomUUID();

const db = useTestDatabase();
let postgrest: PostgrestServer;
let store: JobStore;
let worker: RecordingWorker;
let logger: RecordingLogger;
let handler: TalkTrackHandler;
/** What the handler left running after its answers (a revival's ask and invocation), through `waitUntil`. */
let background: Promise<unknown>[];
const settled = () => Promise.all(background.splice(0));

// The same behaviour through both adapters: postgres.js on the database, and supabase-js through
// the PostgREST stand-in (service role key) on the same database.
const ADAPTERS = [
  { name: 'postgres.js', store: () => createPostgresJobStore(db.sql) },
  {
    name: 'supabase-js',
    store: () => createSupabaseJobStore(createStandInClient(postgrest.url, supabaseKeys().serviceRoleKey)),
  },
];
// Nothing listens on port 1 of loopback, so every call fails to connect.
const UNREACHABLE = [
  { name: 'postgres.js', store: (sql: postgres.Sql) => createPostgresJobStore(sql) },
  {
    name: 'supabase-js',
    store: () => createSupabaseJobStore(createStandInClient('http://127.0.0.1:1', supabaseKeys().serviceRoleKey)),
  },
];

beforeAll(async () => {
  postgrest = await startPostgrest({ databaseUrl: db.url, jwtSecret: TEST_JWT_SECRET });
});
afterAll(async () => {
  await postgrest?.stop();
});
beforeEach(async () => {
  await db.sql`truncate talk_track_jobs cascade`;
  worker = recordingWorker();
  logger = recordingLogger();
  background = [];
});

const countJobs = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from talk_track_jobs`)[0]!.n;
const start = (user: string, body: unknown) => handler.handle(apiRequest('', { user, body }));
const read = async <T>(response: Response) => (await response.json()) as T;

function slide(index: number): TalkTrackSlide {
  return {
    index,
    title: `Slide ${index + 1}`,
    script: `Script ${index + 1}`,
    keyPoints: [],
    transition: '',
    durationSeconds: 30,
  };
}

/** Runs the worker's side by hand through the store: claim, then save the given chunks of a 5-slide chunking. */
async function workOn(jobId: string, chunkIndexes: number[], slideCount: number) {
  const owner = `test-worker-${randomUUID()}`;
  expect(await store.claimJob(jobId, owner, 60)).not.toBeNull();
  for (const chunkIndex of chunkIndexes) {
    const slides = Array.from({ length: Math.min(5, slideCount - chunkIndex * 5) }, (_, i) =>
      slide(chunkIndex * 5 + i),
    );
    await store.saveChunk(jobId, owner, chunkIndex, {
      slides,
      opening: chunkIndex === 0 ? 'Hello.' : null,
      closing: null,
    });
  }
  return owner;
}

/** Moves a job's clock back without the updated_at trigger noticing (replica mode skips triggers). */
async function age(jobId: string, set: 'updated_at' | 'lease_expires_at', secondsAgo: number) {
  await db.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx.unsafe(`update talk_track_jobs set ${set} = now() - make_interval(secs => $1) where id = $2`, [
      secondsAgo,
      jobId,
    ]);
  });
}

describe.each(ADAPTERS)('with the $name store', (adapter) => {
  beforeEach(() => {
    store = adapter.store();
    handler = createTalkTrackHandler({
      store,
      worker,
      logger,
      getUserId: getUserIdFromHeader,
      invokeWaitMs: INVOKE_WAIT_MS,
      waitUntil: (promise) => void background.push(promise),
    });
  });

  describe('POST (create)', () => {
    it('answers 201 with the pending job, writes one row and invokes the worker once', async () => {
      const response = await start(alice, { deck: deck(12) });
      expect(response.status).toBe(201);
      const body = await read<CreateJobResponse>(response);
      expect(body.jobId).toBe(body.job.id);
      expect(body.job).toMatchObject({
        deckId: 'deck-1',
        status: 'pending',
        progress: 0,
        currentChunk: 0,
        totalChunks: 3,
        slideCount: 12,
        slides: [],
        result: null,
        error: null,
      });
      expect(worker.calls).toEqual([body.jobId]);
      const [row] = await db.sql`select user_id, chunk_size, input from talk_track_jobs`;
      expect(row).toMatchObject({ user_id: alice, chunk_size: 5 });
      expect(row!.input.slides).toHaveLength(12);
      expect(await countJobs()).toBe(1);
    });

    it('answers quickly even when the worker never answers, and leaves the job pending', async () => {
      // The invocation never settles: an answer at all shows the start did not wait for it.
      worker.mode = 'hang';
      const response = await start(alice, { deck: deck(3) });
      expect(response.status).toBe(201);
      expect(logger.lines.some((line) => line.level === 'warn' && line.message.includes(`${INVOKE_WAIT_MS} ms`))).toBe(
        true,
      );
    });

    it('still answers 201 when the invocation fails, logging the cause', async () => {
      worker.mode = 'fail';
      const response = await start(alice, { deck: deck(3) });
      expect(response.status).toBe(201);
      expect(logger.lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          fields: expect.objectContaining({
            error: expect.objectContaining({ message: 'edge function answered 500' }),
          }),
        }),
      );
    });

    it('returns the same job for the same idempotency key (200), without a second row or invocation', async () => {
      const first = await start(alice, { deck: deck(3), idempotencyKey: 'click-1' });
      const second = await start(alice, { deck: deck(3), idempotencyKey: 'click-1' });
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      const [a, b] = [await read<CreateJobResponse>(first), await read<CreateJobResponse>(second)];
      expect(b.jobId).toBe(a.jobId);
      expect(worker.calls).toEqual([a.jobId]);
      expect(await countJobs()).toBe(1);
    });

    it('answers 409 job_already_active with the running job id for a second start on the same deck', async () => {
      const first = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      const second = await start(alice, { deck: deck(4) });
      expect(second.status).toBe(409);
      expect(await second.json()).toMatchObject({ code: 'job_already_active', jobId: first.jobId });
      expect(await countJobs()).toBe(1);
    });

    it('lets another user, or another deck, start at the same time', async () => {
      expect((await start(alice, { deck: deck(3) })).status).toBe(201);
      expect((await start(bob, { deck: deck(3) })).status).toBe(201);
      expect((await start(alice, { deck: deck(3, { id: 'deck-2' }) })).status).toBe(201);
      expect(await countJobs()).toBe(3);
    });

    it('uses the configured chunk size', async () => {
      handler = createTalkTrackHandler({ store, worker, logger, getUserId: getUserIdFromHeader, chunkSize: 2 });
      const { job } = await read<CreateJobResponse>(await start(alice, { deck: deck(5) }));
      expect(job.totalChunks).toBe(3);
    });

    it('stores the chunk plan made from the text under the configured limits, and refuses a slide over one request', async () => {
      handler = createTalkTrackHandler({
        store,
        worker,
        logger,
        getUserId: getUserIdFromHeader,
        limits: { maxChunkChars: 4_000 },
      });
      // Slide 4 carries over half of 4,000 characters: it is generated alone.
      const long = deck(7);
      long.slides[3] = { ...long.slides[3]!, notes: 'n'.repeat(2_500) };
      const { job } = await read<CreateJobResponse>(await start(alice, { deck: long }));
      expect(job.totalChunks).toBe(3);
      const [row] = await db.sql`select chunk_starts from talk_track_jobs where id = ${job.id}`;
      expect(row!.chunk_starts).toEqual([0, 3, 4]);

      const tooLong = deck(3, { id: 'deck-2' });
      tooLong.slides[1] = { ...tooLong.slides[1]!, notes: 'n'.repeat(4_500) };
      const refused = await start(alice, { deck: tooLong });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({
        code: 'validation_failed',
        field: 'deck.slides.1',
        message: expect.stringMatching(
          /^Slide 2 \("Slide 2"\) holds 4,514 characters: 514 over the 4,000 one request may carry\./,
        ),
      });
      expect(await countJobs()).toBe(1);
    });
  });

  describe('GET /:id (status)', () => {
    it('shows the slides finished so far in deck order, then the result once completed', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(12) }));
      const owner = await workOn(jobId, [1, 0], 12);

      const partial = await read<JobSnapshot>(await handler.handle(apiRequest(`/${jobId}`, { user: alice })));
      expect(partial).toMatchObject({
        status: 'processing',
        currentChunk: 2,
        totalChunks: 3,
        progress: 66,
        result: null,
      });
      expect(partial.slides.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(partial.startedAt).not.toBeNull();

      await store.saveChunk(jobId, owner, 2, { slides: [slide(10), slide(11)], opening: null, closing: 'Thanks.' });
      const result = {
        opening: 'Hello.',
        closing: 'Thanks.',
        slides: Array.from({ length: 12 }, (_, i) => slide(i)),
        totalDurationSeconds: 360,
      };
      await store.completeJob(jobId, owner, result);
      const done = await read<JobSnapshot>(await handler.handle(apiRequest(`/${jobId}`, { user: alice })));
      expect(done).toMatchObject({ status: 'completed', progress: 100, result });
      expect(done.slides).toHaveLength(12);
      expect(done.completedAt).not.toBeNull();
    });

    it('shows a failed job with its error', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      const owner = await workOn(jobId, [], 3);
      await store.failJob(jobId, owner, 'llm_rate_limited', 'The AI service is busy. Try again in a minute.');
      const snapshot = await read<JobSnapshot>(await handler.handle(apiRequest(`/${jobId}`, { user: alice })));
      expect(snapshot).toMatchObject({
        status: 'failed',
        error: { code: 'llm_rate_limited', message: 'The AI service is busy. Try again in a minute.' },
      });
    });

    it('re-invokes the worker for a pending job nobody claimed, once per throttle window', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      worker.calls.length = 0;
      await handler.handle(apiRequest(`/${jobId}`, { user: alice }));
      expect(worker.calls).toEqual([]);

      await age(jobId, 'updated_at', 60);
      await handler.handle(apiRequest(`/${jobId}`, { user: alice }));
      await handler.handle(apiRequest(`/${jobId}`, { user: alice }));
      expect(worker.calls).toEqual([jobId]);
    });

    it('re-invokes the worker for a processing job whose lease expired, not for a live one', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      await workOn(jobId, [], 3);
      worker.calls.length = 0;
      await handler.handle(apiRequest(`/${jobId}`, { user: alice }));
      await settled();
      expect(worker.calls).toEqual([]);
      await age(jobId, 'lease_expires_at', 5);
      await handler.handle(apiRequest(`/${jobId}`, { user: alice }));
      await settled();
      expect(worker.calls).toEqual([jobId]);
    });

    it("carries no estimate without history, and one from the start's own answer with it; none once ended", async () => {
      const status = async (user: string, jobId: string) =>
        read<JobSnapshot>(await handler.handle(apiRequest(`/${jobId}`, { user })));
      const without = await read<CreateJobResponse>(await start(alice, { deck: deck(10, { id: 'no-history' }) }));
      expect(without.job).toMatchObject({ estimatedSeconds: null, queue: null });
      expect(await status(alice, without.jobId)).toMatchObject({ estimatedSeconds: null, queue: null });

      // History of the current model: 30 lane-seconds a slide with 3 lanes.
      await db.sql`insert into talk_track_job_timings (model, lanes, slides, lane_seconds_per_slide) values ('gpt-test', 3, 10, 30)`;
      try {
        const withHistory = await read<CreateJobResponse>(await start(bob, { deck: deck(10, { id: 'with-history' }) }));
        // 30 × 10 slides ÷ 3 lanes: in the start's answer, and on every read while it runs.
        expect(withHistory.job).toMatchObject({ status: 'pending', estimatedSeconds: 100, queue: null });
        expect(await status(bob, withHistory.jobId)).toMatchObject({ estimatedSeconds: 100, queue: null });
        await handler.handle(apiRequest(`/${withHistory.jobId}/cancel`, { user: bob, method: 'POST' }));
        expect(await status(bob, withHistory.jobId)).toMatchObject({
          status: 'cancelled',
          estimatedSeconds: null,
          queue: null,
        });
      } finally {
        await db.sql`truncate talk_track_job_timings`;
      }
    });

    it("shows a job waiting for the host's LLM limit how many waiting jobs of any user started before it", async () => {
      const status = async (user: string, jobId: string) =>
        read<JobSnapshot>(await handler.handle(apiRequest(`/${jobId}`, { user })));
      await db.sql`update talk_track_settings set max_llm_calls_in_flight = 1`;
      try {
        const jobs = [];
        for (const [user, deckId] of [
          [alice, 'holder'],
          [bob, 'first'],
          [alice, 'second'],
        ] as const) {
          const { jobId } = await read<CreateJobResponse>(await start(user, { deck: deck(5, { id: deckId }) }));
          await store.claimJob(jobId, `w-${jobId}`, 60);
          jobs.push({ user, jobId, decision: await store.beginLlmCall(jobId, `w-${jobId}`, 3, 60) });
        }
        const [holder, first, second] = jobs;
        expect(jobs.map((job) => job.decision)).toMatchObject([
          { decision: 'go' },
          { decision: 'wait', ahead: 0 },
          { decision: 'wait', ahead: 1 },
        ]);
        expect(await status(alice, holder!.jobId)).toMatchObject({ status: 'processing', queue: null });
        expect(await status(bob, first!.jobId)).toMatchObject({ status: 'processing', queue: { ahead: 0 } });
        expect(await status(alice, second!.jobId)).toMatchObject({ status: 'processing', queue: { ahead: 1 } });
        // The other user's job got its turn: alice's is next, though nothing about her job changed.
        await db.sql`update talk_track_jobs set waiting_since = null where id = ${first!.jobId}`;
        expect(await status(alice, second!.jobId)).toMatchObject({ queue: { ahead: 0 } });
      } finally {
        await db.sql`update talk_track_settings set max_llm_calls_in_flight = default`;
      }
    });
  });

  describe('GET ?deckId= (find the latest job for a deck)', () => {
    const find = (user: string, deckId: string) =>
      handler.handle(apiRequest(`?deckId=${encodeURIComponent(deckId)}`, { user }));
    /** The job a find answers, or null. */
    const found = async (user: string, deckId: string) => (await read<FindJobResponse>(await find(user, deckId))).job;

    it('answers 200 { job: null } when the user has no job for the deck: a first visit is not an error', async () => {
      const response = await find(alice, 'deck-1');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ job: null });
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('answers the most recent job for the deck, whatever its status, with the slides finished so far', async () => {
      const { jobId: first } = await read<CreateJobResponse>(await start(alice, { deck: deck(12) }));
      await handler.handle(apiRequest(`/${first}/cancel`, { user: alice, method: 'POST' }));
      const { jobId: other } = await read<CreateJobResponse>(await start(alice, { deck: deck(3, { id: 'deck-2' }) }));
      expect(await found(alice, 'deck-1')).toMatchObject({ id: first, status: 'cancelled' });

      const { jobId: latest } = await read<CreateJobResponse>(await start(alice, { deck: deck(12) }));
      await workOn(latest, [0], 12);
      const response = await find(alice, 'deck-1');
      expect(response.status).toBe(200);
      const snapshot = (await read<FindJobResponse>(response)).job!;
      expect(snapshot).toMatchObject({
        id: latest,
        deckId: 'deck-1',
        status: 'processing',
        currentChunk: 1,
        totalChunks: 3,
      });
      expect(snapshot.slides.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
      // The same view as a status read of that job.
      expect(snapshot).toEqual(
        await read<JobSnapshot>(await handler.handle(apiRequest(`/${latest}`, { user: alice }))),
      );
      expect((await found(alice, 'deck-2'))?.id).toBe(other);
    });

    it('finds a completed job with its result', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(2) }));
      const owner = await workOn(jobId, [0], 2);
      const result = { opening: 'Hello.', closing: 'Bye.', slides: [slide(0), slide(1)], totalDurationSeconds: 60 };
      await store.completeJob(jobId, owner, result);
      expect(await found(alice, 'deck-1')).toMatchObject({ id: jobId, status: 'completed', progress: 100, result });
    });

    it("never shows another user's job: their deck of the same id has no job for anyone else", async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      const response = await find(bob, 'deck-1');
      expect(await response.json()).toEqual({ job: null });
      const { jobId: bobsJob } = await read<CreateJobResponse>(await start(bob, { deck: deck(3) }));
      expect((await found(bob, 'deck-1'))?.id).toBe(bobsJob);
      expect((await found(alice, 'deck-1'))?.id).toBe(jobId);
    });

    it('keeps unusual deck ids exact (no pattern matching, no trimming)', async () => {
      const odd = "50%_off 'deck' \\ 🙂";
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(2, { id: odd }) }));
      expect((await found(alice, odd))?.id).toBe(jobId);
      expect(await found(alice, '50%')).toBeNull();
      expect(await found(alice, `${odd} `)).toBeNull();
    });

    it('wakes the worker of a stuck job it finds, like a status read', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      worker.calls.length = 0;
      await age(jobId, 'updated_at', 60);
      await find(alice, 'deck-1');
      await settled();
      expect(worker.calls).toEqual([jobId]);
    });
  });

  describe('POST /:id/cancel and /:id/retry', () => {
    it('cancels a pending job, then refuses to cancel it again', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      const cancelled = await handler.handle(apiRequest(`/${jobId}/cancel`, { user: alice, method: 'POST' }));
      expect(cancelled.status).toBe(200);
      expect(await cancelled.json()).toMatchObject({ id: jobId, status: 'cancelled' });
      const again = await handler.handle(apiRequest(`/${jobId}/cancel`, { user: alice, method: 'POST' }));
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'invalid_transition' });
    });

    it('retries a cancelled job keeping its finished slides, and invokes the worker', async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(12) }));
      await workOn(jobId, [0], 12);
      await handler.handle(apiRequest(`/${jobId}/cancel`, { user: alice, method: 'POST' }));
      worker.calls.length = 0;

      const retried = await handler.handle(apiRequest(`/${jobId}/retry`, { user: alice, method: 'POST' }));
      expect(retried.status).toBe(200);
      const snapshot = await read<JobSnapshot>(retried);
      expect(snapshot).toMatchObject({ status: 'pending', completedAt: null, error: null });
      expect(snapshot.slides).toHaveLength(5);
      expect(worker.calls).toEqual([jobId]);

      const again = await handler.handle(apiRequest(`/${jobId}/retry`, { user: alice, method: 'POST' }));
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'invalid_transition' });
    });

    it('refuses a retry while another job for the deck is active (409 job_already_active)', async () => {
      const { jobId: first } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      await handler.handle(apiRequest(`/${first}/cancel`, { user: alice, method: 'POST' }));
      const { jobId: second } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      const retried = await handler.handle(apiRequest(`/${first}/retry`, { user: alice, method: 'POST' }));
      expect(retried.status).toBe(409);
      expect(await retried.json()).toMatchObject({ code: 'job_already_active', jobId: second });
    });
  });

  describe('ownership', () => {
    it("answers 404 to another user's GET, cancel and retry, and changes nothing", async () => {
      const { jobId } = await read<CreateJobResponse>(await start(alice, { deck: deck(3) }));
      for (const [path, method] of [
        [`/${jobId}`, 'GET'],
        [`/${jobId}/cancel`, 'POST'],
        [`/${jobId}/retry`, 'POST'],
      ] as const) {
        const response = await handler.handle(apiRequest(path, { user: bob, method }));
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(await response.json()).toEqual({ code: 'not_found', message: 'No such talk track job.' });
      }
      const [row] = await db.sql`select status from talk_track_jobs where id = ${jobId}`;
      expect(row!.status).toBe('pending');
    });

    it('answers 401 without a user, before reading anything', async () => {
      const response = await handler.handle(apiRequest('', { body: { deck: deck(3) } }));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
      expect(await countJobs()).toBe(0);
    });
  });
});

describe('when the database is unreachable', () => {
  it.each(UNREACHABLE)(
    'answers 503 service_unavailable through $name with a generic message and logs the cause',
    async (adapter) => {
      const deadSql = postgres('postgres://postgres@127.0.0.1:1/none', { prepare: false, connect_timeout: 2, max: 1 });
      const deadHandler = createTalkTrackHandler({
        store: adapter.store(deadSql),
        worker,
        logger,
        getUserId: getUserIdFromHeader,
      });
      try {
        for (const request of [
          apiRequest('', { user: alice, body: { deck: deck(3) } }),
          apiRequest(`/${randomUUID()}`, { user: alice }),
        ]) {
          // How fast the 503 comes is measured in the fault suite (databaseRestart), not asserted here.
          const response = await deadHandler.handle(request);
          expect(response.status).toBe(503);
          const body = await response.json();
          expect(body).toEqual({ code: 'service_unavailable', message: expect.any(String) });
          expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|fetch|stack/i);
        }
        expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(2);
        expect(worker.calls).toEqual([]);
      } finally {
        await deadSql.end({ timeout: 1 });
      }
    },
  );

  it('answers 503 when getUserId throws', async () => {
    handler = createTalkTrackHandler({
      store: createPostgresJobStore(db.sql),
      worker,
      logger,
      getUserId: () => {
        throw new Error('session store down');
      },
    });
    const response = await handler.handle(apiRequest(`/${randomUUID()}`));
    expect(response.status).toBe(503);
    expect(logger.lines[0]!.fields).toMatchObject({ error: { message: 'session store down' } });
  });
});

describe('mounting', () => {
  it('routes below a custom basePath and exposes GET/POST for a Next.js route file', async () => {
    handler = createTalkTrackHandler({
      store: createPostgresJobStore(db.sql),
      worker,
      logger,
      getUserId: getUserIdFromHeader,
      basePath: '/talk/',
    });
    const created = await handler.POST(
      new Request('http://127.0.0.1/talk', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-user': alice },
        body: JSON.stringify({ deck: deck(2) }),
      }),
    );
    expect(created.status).toBe(201);
    const { jobId } = await read<CreateJobResponse>(created);
    const status = await handler.GET(
      new Request(`http://127.0.0.1/talk/${jobId}/`, { headers: { 'x-test-user': alice } }),
    );
    expect(status.status).toBe(200);
    expect(status.headers.get('cache-control')).toBe('no-store');
  });
});
