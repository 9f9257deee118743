import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deck, TalkTrack } from '@talk-track/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStandInClient, startPostgrest, supabaseKeys, TEST_JWT_SECRET, type PostgrestServer } from '../../../../tooling/src/postgrest/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import { JobStoreError, type JobStore } from '../jobStore.ts';
import { createPostgresJobStore } from './postgresJobStore.ts';
import { createSupabaseJobStore } from './supabaseJobStore.ts';

// The adapter through the real supabase-js client, against the PostgREST stand-in on the real
// migration: the same wire format, roles and RLS as a Supabase project.
const keys = supabaseKeys();
const alice = randomUUID();
const bob = randomUUID();

const deck = (id: string, slides = 3): Deck => ({
  id,
  title: 'Launch plan',
  slides: Array.from({ length: slides }, (_, i) => ({ title: `Slide ${i + 1}`, bullets: ['A point'] })),
});
const output = (index: number) => ({
  slides: [{ index, title: `Slide ${index + 1}`, script: 'Say this.', keyPoints: ['A point'], transition: 'Next.', durationSeconds: 40 }],
  opening: index === 0 ? 'Welcome.' : null,
  closing: null,
});
const TALK_TRACK: TalkTrack = { opening: 'Welcome.', slides: [], closing: 'Thanks.', totalDurationSeconds: 120 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

let db: TestDatabase;
let server: PostgrestServer;
let store: JobStore;
/** The postgres.js adapter on the same database: both must read a job the same way. */
let direct: JobStore;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startPostgrest({ databaseUrl: db.url, jwtSecret: TEST_JWT_SECRET });
  store = createSupabaseJobStore(createStandInClient(server.url, keys.serviceRoleKey));
  direct = createPostgresJobStore(db.sql);
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe('createSupabaseJobStore', () => {
  it('creates a pending job and reads it exactly as the postgres.js adapter does', async () => {
    const job = await store.createJob({ userId: alice, deck: deck('create'), chunkSize: 2, totalChunks: 2, idempotencyKey: 'k-create' });
    expect(job).toMatchObject({ userId: alice, deckId: 'create', status: 'pending', totalChunks: 2, chunkSize: 2, input: deck('create'), idempotencyKey: 'k-create', attempts: 0 });
    expect(await store.getJob(job.id)).toEqual(job);
    expect(await direct.getJob(job.id)).toEqual(job);
    expect(await store.getJobForUser(job.id, alice)).toEqual(job);
  });

  it('returns the same job for a repeated idempotency key', async () => {
    const args = { userId: alice, deck: deck('idem'), chunkSize: 5, totalChunks: 1, idempotencyKey: 'k-idem' };
    const first = await store.createJob(args);
    expect((await store.createJob(args)).id).toBe(first.id);
  });

  it('maps TT409 to job_already_active with the active job id', async () => {
    const first = await store.createJob({ userId: alice, deck: deck('busy'), chunkSize: 5, totalChunks: 1 });
    const error = await rejection(store.createJob({ userId: alice, deck: deck('busy'), chunkSize: 5, totalChunks: 1 }));
    expect(error).toBeInstanceOf(JobStoreError);
    expect(error).toMatchObject({ code: 'job_already_active', jobId: first.id });
  });

  it("finds the user's latest job for a deck exactly as the postgres.js adapter does, and nobody else's", async () => {
    expect(await store.findLatestJobForDeck(alice, 'latest')).toBeNull();
    const older = await store.createJob({ userId: alice, deck: deck('latest'), chunkSize: 5, totalChunks: 1 });
    await store.cancelJob(older.id, alice);
    expect(await store.findLatestJobForDeck(alice, 'latest')).toMatchObject({ id: older.id, status: 'cancelled' });
    const newer = await store.createJob({ userId: alice, deck: deck('latest'), chunkSize: 5, totalChunks: 1 });
    const found = await store.findLatestJobForDeck(alice, 'latest');
    expect(found).toEqual(newer);
    expect(found).toEqual(await direct.findLatestJobForDeck(alice, 'latest'));
    expect(await store.findLatestJobForDeck(bob, 'latest')).toBeNull();
    expect(await store.findLatestJobForDeck(alice, 'lat%')).toBeNull();
    expect(await store.findLatestJobForDeck('not-a-uuid', 'latest')).toBeNull();
  });

  it('runs a job through claim, heartbeat, chunks and completion', async () => {
    const job = await store.createJob({ userId: alice, deck: deck('run', 2), chunkSize: 1, totalChunks: 2 });
    const claimed = await store.claimJob(job.id, 'worker-a', 30);
    expect(claimed).toMatchObject({ status: 'processing', leaseOwner: 'worker-a', attempts: 1 });
    expect(await store.claimJob(job.id, 'worker-b', 30)).toBeNull();
    expect(await store.heartbeat(job.id, 'worker-a', 30)).toBe(true);
    expect(await store.heartbeat(job.id, 'worker-b', 30)).toBe(false);

    expect(await store.saveChunk(job.id, 'worker-a', 1, output(1))).toMatchObject({ currentChunk: 1, progress: 50 });
    expect(await store.saveChunk(job.id, 'worker-b', 0, output(0))).toBeNull();
    await store.saveChunk(job.id, 'worker-a', 0, output(0));
    const chunks = await store.listChunks(job.id);
    expect(chunks.map((chunk) => chunk.chunkIndex)).toEqual([0, 1]);
    expect(chunks[0]!.output).toEqual(output(0));
    expect(chunks).toEqual(await direct.listChunks(job.id));

    const done = await store.completeJob(job.id, 'worker-a', TALK_TRACK);
    expect(done).toMatchObject({ status: 'completed', progress: 100, result: TALK_TRACK, leaseOwner: null });
  });

  it('fails and releases under a lease', async () => {
    const job = await store.createJob({ userId: alice, deck: deck('fail'), chunkSize: 5, totalChunks: 1 });
    await store.claimJob(job.id, 'w', 30);
    expect(await store.releaseJob(job.id, 'w')).toBe(true);
    expect(await store.claimJob(job.id, 'w2', 30)).toMatchObject({ leaseOwner: 'w2', attempts: 2 });
    expect(await store.failJob(job.id, 'w2', 'llm_timeout', 'The AI took too long.')).toMatchObject({ status: 'failed', errorCode: 'llm_timeout' });
    expect(await store.releaseJob(job.id, 'w2')).toBe(false);
  });

  it('cancels and retries for the owner only, mapping TT422 and TT409', async () => {
    const job = await store.createJob({ userId: alice, deck: deck('cancel'), chunkSize: 5, totalChunks: 1 });
    expect(await store.cancelJob(job.id, bob)).toBeNull();
    expect(await store.cancelJob(job.id, alice)).toMatchObject({ status: 'cancelled' });
    expect(await rejection(store.cancelJob(job.id, alice))).toMatchObject({ name: 'JobStoreError', code: 'invalid_transition' });

    const other = await store.createJob({ userId: alice, deck: deck('cancel'), chunkSize: 5, totalChunks: 1 });
    expect(await rejection(store.retryJob(job.id, alice))).toMatchObject({ code: 'job_already_active', jobId: other.id });
    await store.cancelJob(other.id, alice);
    expect(await store.retryJob(job.id, bob)).toBeNull();
    expect(await store.retryJob(job.id, alice)).toMatchObject({ status: 'pending', completedAt: null });
  });

  it('hides other users\' jobs and treats malformed ids as no job', async () => {
    const job = await store.createJob({ userId: alice, deck: deck('private'), chunkSize: 5, totalChunks: 1 });
    expect(await store.getJobForUser(job.id, bob)).toBeNull();
    expect(await store.getJobForUser('not-a-uuid', alice)).toBeNull();
    expect(await store.getJob(randomUUID())).toBeNull();
    expect(await store.listChunks('nope')).toEqual([]);
    expect(await store.cancelJob('nope', alice)).toBeNull();
  });

  it('finds stale jobs', async () => {
    const job = await store.createJob({ userId: bob, deck: deck('stale'), chunkSize: 5, totalChunks: 1 });
    await store.claimJob(job.id, 'w', 30);
    await store.releaseJob(job.id, 'w');
    const stale = await store.findStaleJobs(3600, 100);
    expect(stale).toContain(job.id);
    expect(stale.every((id) => typeof id === 'string')).toBe(true);
  });

  it('reports unavailable when the API cannot be reached', async () => {
    // An API that drops every connection, counting the attempts.
    let attempts = 0;
    const dropping = createServer((request) => {
      attempts++;
      request.socket.destroy();
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const { port } = dropping.address() as AddressInfo;
    try {
      const offline = createSupabaseJobStore(createStandInClient(`http://127.0.0.1:${port}`, keys.serviceRoleKey));
      const error = await rejection(offline.createJob({ userId: alice, deck: deck('offline'), chunkSize: 5, totalChunks: 1 }));
      expect(error).toMatchObject({ name: 'JobStoreError', code: 'unavailable' });
      // Reads fail at the first refusal too, instead of supabase-js' seven seconds of retries.
      attempts = 0;
      expect(await rejection(offline.getJobForUser(randomUUID(), alice))).toMatchObject({ code: 'unavailable' });
      expect(await rejection(offline.listChunks(randomUUID()))).toMatchObject({ code: 'unavailable' });
      expect(await rejection(offline.findLatestJobForDeck(alice, 'deck'))).toMatchObject({ code: 'unavailable' });
      expect(attempts).toBe(3);
    } finally {
      dropping.closeAllConnections();
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it('says which key it needs when built with a user client', async () => {
    const asUser = createSupabaseJobStore(createStandInClient(server.url, keys.anonKey, keys.accessTokenFor(alice)));
    const error = await rejection(asUser.createJob({ userId: alice, deck: deck('user'), chunkSize: 5, totalChunks: 1 }));
    expect(error).not.toBeInstanceOf(JobStoreError);
    expect(String((error as Error).message)).toMatch(/403 42501.*service role or secret key/);
  });
});

describe('the migration\'s RLS through supabase-js', () => {
  it('lets a signed-in user read their own jobs and chunks only', async () => {
    const mine = await store.createJob({ userId: alice, deck: deck('rls', 1), chunkSize: 1, totalChunks: 1 });
    await store.claimJob(mine.id, 'w', 30);
    await store.saveChunk(mine.id, 'w', 0, output(0));
    const theirs = await store.createJob({ userId: bob, deck: deck('rls'), chunkSize: 5, totalChunks: 1 });

    const asAlice = createStandInClient(server.url, keys.anonKey, keys.accessTokenFor(alice));
    const jobs = await asAlice.from('talk_track_jobs').select('id, user_id');
    expect(jobs.error).toBeNull();
    expect(jobs.data!.length).toBeGreaterThan(0);
    expect(jobs.data!.every((row) => row.user_id === alice)).toBe(true);
    expect((await asAlice.from('talk_track_jobs').select('id').eq('id', theirs.id)).data).toEqual([]);
    expect((await asAlice.from('talk_track_chunks').select('chunk_index').eq('job_id', mine.id)).data).toEqual([{ chunk_index: 0 }]);

    // The user-facing store reads go through the same policy: Alice's client sees Bob's job as absent.
    const userStore = createSupabaseJobStore(asAlice);
    expect(await userStore.getJob(theirs.id)).toBeNull();
    expect((await userStore.getJob(mine.id))?.id).toBe(mine.id);
  });

  it('shows anon nothing', async () => {
    const anon = createStandInClient(server.url, keys.anonKey);
    const jobs = await anon.from('talk_track_jobs').select('id');
    expect(jobs.data ?? []).toEqual([]);
    expect(jobs.error?.code).toBe('42501');
    const chunks = await anon.from('talk_track_chunks').select('job_id');
    expect(chunks.data ?? []).toEqual([]);
  });

  it('refuses every state-changing function to authenticated users and anon', async () => {
    const job = await store.createJob({ userId: alice, deck: deck('rpc'), chunkSize: 5, totalChunks: 1 });
    const asAlice = createStandInClient(server.url, keys.anonKey, keys.accessTokenFor(alice));
    const anon = createStandInClient(server.url, keys.anonKey);
    const calls: [string, Record<string, unknown>][] = [
      ['talk_track_create_job', { p_user_id: alice, p_deck_id: 'x', p_input: deck('x'), p_chunk_size: 5, p_total_chunks: 1 }],
      ['talk_track_claim_job', { p_job_id: job.id, p_owner: 'me', p_lease_seconds: 30 }],
      ['talk_track_cancel_job', { p_job_id: job.id, p_user_id: alice }],
      ['talk_track_retry_job', { p_job_id: job.id, p_user_id: alice }],
      ['talk_track_find_stale_jobs', { p_pending_grace_seconds: 0, p_limit: 10 }],
    ];
    for (const [fn, args] of calls) {
      const user = await asAlice.rpc(fn, args);
      expect([fn, user.status, user.error?.code]).toEqual([fn, 403, '42501']);
      const nobody = await anon.rpc(fn, args);
      expect([fn, nobody.status, nobody.error?.code]).toEqual([fn, 401, '42501']);
    }
    expect(await direct.getJob(job.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
