import { randomUUID } from 'node:crypto';
import type { ApiErrorBody, CreateJobResponse } from '@talk-track/core';
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
  type RecordingWorker,
} from '@talk-track/testing/server';

const db = useTestDatabase();
let postgrest: PostgrestServer;

const ADAPTERS = [
  { name: 'postgres.js', store: () => createPostgresJobStore(db.sql) },
  {
    name: 'supabase-js',
    store: () => createSupabaseJobStore(createStandInClient(postgrest.url, supabaseKeys().serviceRoleKey)),
  },
];

beforeAll(async () => {
  postgrest = await startPostgrest({ databaseUrl: db.url, jwtSecret: TEST_JWT_SECRET });
  // The migration's defaults (the test template lifts them for other tests).
  await db.sql`update talk_track_settings set max_active_jobs_per_user = default, max_starts_per_window = default, start_window = default`;
});
afterAll(async () => {
  await postgrest?.stop();
});

describe.each(ADAPTERS)('(a) cost bounds at the route, $name', ({ store: makeStore }) => {
  let store: JobStore;
  let worker: RecordingWorker;
  let handler: TalkTrackHandler;
  beforeEach(() => {
    store = makeStore();
    worker = recordingWorker();
    handler = createTalkTrackHandler({ store, worker, getUserId: getUserIdFromHeader, logger: recordingLogger() });
  });
  const start = (user: string, deckId: string, idempotencyKey?: string) =>
    handler.handle(apiRequest('', { user, method: 'POST', body: { deck: deck(6, { id: deckId }), idempotencyKey } }));
  const jobsOf = async (user: string) =>
    (await db.sql<{ n: number }[]>`select count(*)::int as n from talk_track_jobs where user_id = ${user}`)[0]!.n;

  it('a third active job → 429 too_many_active_jobs with Retry-After, nothing written, no worker; another user still starts', async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    expect((await start(alice, 'a-1')).status).toBe(201);
    expect((await start(alice, 'a-2')).status).toBe(201);
    const invocations = worker.calls.length;

    const refused = await start(alice, 'a-3');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    const body = (await refused.json()) as ApiErrorBody;
    expect(body.code).toBe('too_many_active_jobs');
    expect(body.message).toMatch(/try again/i);
    expect(await jobsOf(alice)).toBe(2);
    expect(worker.calls).toHaveLength(invocations);

    expect((await start(bob, 'b-1')).status).toBe(201);
  });

  it('starts per window: the 21st start within the hour → 429 too_many_starts, Retry-After until the oldest leaves the window', async () => {
    const carol = randomUUID();
    for (let i = 0; i < 20; i++) {
      const response = await start(carol, `c-${i}`);
      expect(response.status).toBe(201);
      const { jobId } = (await response.json()) as CreateJobResponse;
      // Cancelled at once, so only the window (not the active cap) can refuse the next one.
      expect((await handler.handle(apiRequest(`/${jobId}/cancel`, { user: carol, method: 'POST' }))).status).toBe(200);
    }
    const refused = await start(carol, 'c-20');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ApiErrorBody).code).toBe('too_many_starts');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await jobsOf(carol)).toBe(20);
  });

  it('a replayed start is a 200 with the same job and no new invocation, decided by the database whatever the clocks say', async () => {
    const dave = randomUUID();
    const first = await start(dave, 'd-1', 'key-1');
    expect(first.status).toBe(201);
    const { jobId } = (await first.json()) as CreateJobResponse;
    // The database clock far behind ours would have made a clock comparison call this a fresh start.
    await db.sql`update talk_track_jobs set created_at = now() + interval '1 hour' where id = ${jobId}`;
    const invocations = worker.calls.length;
    const again = await start(dave, 'd-1', 'key-1');
    expect(again.status).toBe(200);
    expect(((await again.json()) as CreateJobResponse).jobId).toBe(jobId);
    expect(worker.calls).toHaveLength(invocations);
  });
});
