import { randomUUID } from 'node:crypto';
import type { CreateJobResponse, JobSnapshot } from '@talk-track/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStandInClient, startPostgrest, supabaseKeys, TEST_JWT_SECRET, type PostgrestServer } from '../../../../tooling/src/postgrest/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import type { JobStore } from '../jobStore.ts';
import { createPostgresJobStore } from '../stores/postgresJobStore.ts';
import { createSupabaseJobStore } from '../stores/supabaseJobStore.ts';
import { createTalkTrackHandler, type TalkTrackHandler } from './createTalkTrackHandler.ts';
import { apiRequest, deck, getUserIdFromHeader, recordingLogger, recordingWorker } from './handlerTestKit.ts';

const alice = randomUUID();
const bob = randomUUID();

let db: TestDatabase;
let postgrest: PostgrestServer;
let store: JobStore;
let handler: TalkTrackHandler;

const ADAPTERS = [
  { name: 'postgres.js', store: () => createPostgresJobStore(db.sql) },
  { name: 'supabase-js', store: () => createSupabaseJobStore(createStandInClient(postgrest.url, supabaseKeys().serviceRoleKey)) },
];

beforeAll(async () => {
  db = await createTestDatabase();
  postgrest = await startPostgrest({ databaseUrl: db.url, jwtSecret: TEST_JWT_SECRET });
});
afterAll(async () => {
  await postgrest?.stop();
  await db?.drop();
});

const start = async (user: string, slides: number, deckId = 'deck-1') =>
  (await (await handler.handle(apiRequest('', { user, body: { deck: deck(slides, { id: deckId }) } }))).json()) as CreateJobResponse;
const status = async (user: string, jobId: string) => (await (await handler.handle(apiRequest(`/${jobId}`, { user }))).json()) as JobSnapshot;

describe.each(ADAPTERS)('the status snapshot\'s outlook, with the $name store', (adapter) => {
  beforeEach(async () => {
    await db.sql`truncate talk_track_jobs, talk_track_job_timings cascade`;
    await db.sql`update talk_track_settings set max_llm_calls_in_flight = default`;
    store = adapter.store();
    handler = createTalkTrackHandler({ store, worker: recordingWorker(), logger: recordingLogger(), getUserId: getUserIdFromHeader });
  });

  it('a new job carries no estimate without history, and one from the first answer with it', async () => {
    const without = await start(alice, 10, 'no-history');
    expect(without.job).toMatchObject({ estimatedSeconds: null, queue: null });
    expect(await status(alice, without.jobId)).toMatchObject({ estimatedSeconds: null, queue: null });

    // History of the current model: 30 lane-seconds a slide with 3 lanes.
    await db.sql`insert into talk_track_job_timings (model, lanes, slides, lane_seconds_per_slide) values ('gpt-test', 3, 10, 30)`;
    const withHistory = await start(bob, 10, 'with-history');
    // 30 × 10 slides ÷ 3 lanes: from the start's own answer, and on every read while it runs.
    expect(withHistory.job).toMatchObject({ status: 'pending', estimatedSeconds: 100, queue: null });
    expect(await status(bob, withHistory.jobId)).toMatchObject({ estimatedSeconds: 100, queue: null });

    // Once it has ended there is nothing to estimate.
    await handler.handle(apiRequest(`/${withHistory.jobId}/cancel`, { user: bob, method: 'POST' }));
    expect(await status(bob, withHistory.jobId)).toMatchObject({ status: 'cancelled', estimatedSeconds: null, queue: null });
  });

  it('a job waiting for the host\'s LLM limit shows how many jobs of any user wait longer', async () => {
    await db.sql`update talk_track_settings set max_llm_calls_in_flight = 1`;
    const holder = await start(alice, 5, 'holder');
    const first = await start(bob, 5, 'first');
    const second = await start(alice, 5, 'second');
    for (const { jobId } of [holder, first, second]) await store.claimJob(jobId, `w-${jobId}`, 60);
    expect((await store.beginLlmCall(holder.jobId, `w-${holder.jobId}`, 3, 60)).decision).toBe('go');
    expect(await store.beginLlmCall(first.jobId, `w-${first.jobId}`, 3, 60)).toEqual({ decision: 'wait', ahead: 0 });
    expect(await store.beginLlmCall(second.jobId, `w-${second.jobId}`, 3, 60)).toEqual({ decision: 'wait', ahead: 1 });

    expect(await status(alice, holder.jobId)).toMatchObject({ status: 'processing', queue: null });
    expect(await status(bob, first.jobId)).toMatchObject({ status: 'processing', queue: { ahead: 0 } });
    expect(await status(alice, second.jobId)).toMatchObject({ status: 'processing', queue: { ahead: 1 } });

    // The other user's job got its turn: alice's is next, though nothing about her job changed.
    await db.sql`update talk_track_jobs set waiting_since = null where id = ${first.jobId}`;
    expect(await status(alice, second.jobId)).toMatchObject({ queue: { ahead: 0 } });
  });
});
