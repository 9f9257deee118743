import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStandInClient,
  signJwt,
  startPostgrest,
  supabaseKeys,
  TEST_JWT_SECRET,
  type PostgrestServer,
} from '../../../../tooling/src/postgrest/index.ts';
import { useTestDatabase } from '../../../../tooling/src/testing/testDatabase.ts';
import { JobStoreError, type JobStore } from '../jobStore.ts';
import {
  chunkOutput,
  describeJobStoreContract,
  createRoleWithoutInput,
  deck,
  readJob,
  rejection,
  summaryOf,
  withPlan,
  NO_OUTLOOK,
} from '@talk-track/testing/server';
import { createPostgresJobStore } from './postgresJobStore.ts';
import { createSupabaseJobStore } from './supabaseJobStore.ts';

// The adapter through the real supabase-js client, against the PostgREST stand-in on the real
// migration: the same wire format, roles and RLS as a Supabase project.
const keys = supabaseKeys();
const alice = randomUUID();
const bob = randomUUID();

const db = useTestDatabase();
let server: PostgrestServer;
let store: JobStore;
/** The postgres.js adapter on the same database: both must read a job the same way. */
let direct: JobStore;

beforeAll(async () => {
  server = await startPostgrest({ databaseUrl: db.url, jwtSecret: TEST_JWT_SECRET });
  store = createSupabaseJobStore(createStandInClient(server.url, keys.serviceRoleKey));
  direct = createPostgresJobStore(db.sql);
});
afterAll(async () => {
  await server?.stop();
});

describe('createSupabaseJobStore', () => {
  describeJobStoreContract('keeps the JobStore contract', () => ({ store, sql: db.sql }));

  it('reads jobs, the latest job for a deck and chunks exactly as the postgres.js adapter does', async () => {
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('same', 2), 1), idempotencyKey: 'k-same' });
    expect(await store.getJobForUser(job.id, alice)).toEqual(await direct.getJobForUser(job.id, alice));
    await store.claimJob(job.id, 'worker-a', 30);
    await store.saveChunk(job.id, 'worker-a', 0, chunkOutput(0));
    await store.saveChunk(job.id, 'worker-a', 1, chunkOutput(1));
    const found = await store.findLatestJobForDeck(alice, 'same');
    expect(found?.id).toBe(job.id);
    expect(found).toEqual(await direct.findLatestJobForDeck(alice, 'same'));
    const chunks = await store.listChunks(job.id);
    expect(chunks).toHaveLength(2);
    expect(chunks).toEqual(await direct.listChunks(job.id));
  });

  it('runs the status reads without selecting the input column', async () => {
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('no-input', 2), 5) });
    const role = await createRoleWithoutInput(db.sql);
    // A stand-in whose tokens may take that role: each read runs as it, and naming `input` is refused.
    const limitedApi = await startPostgrest({ databaseUrl: db.url, jwtSecret: TEST_JWT_SECRET, roles: [role.name] });
    try {
      const client = createStandInClient(limitedApi.url, signJwt({ role: role.name }, TEST_JWT_SECRET));
      const reader = createSupabaseJobStore(client);
      expect(await reader.getJobForUser(job.id, alice)).toEqual(summaryOf(job));
      expect(await reader.findLatestJobForDeck(alice, 'no-input')).toEqual(summaryOf(job));
      expect(await reader.getJobWithChunksForUser(job.id, alice)).toEqual({
        job: summaryOf(job),
        chunks: [],
        outlook: NO_OUTLOOK,
      });
      // The fence holds: reading the deck as this role is refused, so the reads above never did.
      const deckRead = await client.from('talk_track_jobs').select('input').eq('id', job.id);
      expect([deckRead.error?.code, deckRead.error?.message]).toEqual([
        '42501',
        'permission denied for table talk_track_jobs',
      ]);
    } finally {
      await limitedApi.stop();
      await role.drop();
    }
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
      const error = await rejection(offline.createJob({ userId: alice, ...withPlan(deck('offline'), 5) }));
      expect(error).toBeInstanceOf(JobStoreError);
      expect(error).toMatchObject({ code: 'unavailable' });
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
    const error = await rejection(asUser.createJob({ userId: alice, ...withPlan(deck('user'), 5) }));
    // Not a transient failure to retry: refused for good (42501, insufficient privilege), and says why.
    expect(error).toBeInstanceOf(JobStoreError);
    expect(error).toMatchObject({ code: 'rejected', sqlState: '42501' });
    expect(String((error as Error).message)).toMatch(/403 42501.*service role or secret key/);
  });
});

describe("the migration's RLS through supabase-js", () => {
  it('lets a signed-in user read their own jobs and chunks only', async () => {
    const { job: mine } = await store.createJob({ userId: alice, ...withPlan(deck('rls', 1), 1) });
    await store.claimJob(mine.id, 'w', 30);
    await store.saveChunk(mine.id, 'w', 0, chunkOutput(0));
    const { job: theirs } = await store.createJob({ userId: bob, ...withPlan(deck('rls'), 5) });

    const asAlice = createStandInClient(server.url, keys.anonKey, keys.accessTokenFor(alice));
    const jobs = await asAlice.from('talk_track_jobs').select('id, user_id');
    expect(jobs.error).toBeNull();
    expect(jobs.data!.length).toBeGreaterThan(0);
    expect(jobs.data!.every((row) => row.user_id === alice)).toBe(true);
    expect((await asAlice.from('talk_track_jobs').select('id').eq('id', theirs.id)).data).toEqual([]);
    expect((await asAlice.from('talk_track_chunks').select('chunk_index').eq('job_id', mine.id)).data).toEqual([
      { chunk_index: 0 },
    ]);

    // The user-facing store reads go through the same policy: Alice's client sees Bob's job as
    // absent even when it asks with Bob's id, so RLS, not the store's own filter, hides it.
    const userStore = createSupabaseJobStore(asAlice);
    expect(await userStore.getJobForUser(theirs.id, bob)).toBeNull();
    expect((await userStore.getJobForUser(mine.id, alice))?.id).toBe(mine.id);
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
    const { job } = await store.createJob({ userId: alice, ...withPlan(deck('rpc'), 5) });
    const asAlice = createStandInClient(server.url, keys.anonKey, keys.accessTokenFor(alice));
    const anon = createStandInClient(server.url, keys.anonKey);
    const calls: [string, Record<string, unknown>][] = [
      [
        'talk_track_create_job',
        { p_user_id: alice, p_deck_id: 'x', p_input: deck('x'), p_chunk_size: 5, p_total_chunks: 1 },
      ],
      ['talk_track_claim_job', { p_job_id: job.id, p_owner: 'me', p_lease_seconds: 30 }],
      ['talk_track_cancel_job', { p_job_id: job.id, p_user_id: alice }],
      ['talk_track_retry_job', { p_job_id: job.id, p_user_id: alice }],
      ['talk_track_sweep_jobs', { p_pending_grace_seconds: 0, p_limit: 10 }],
    ];
    for (const [fn, args] of calls) {
      const user = await asAlice.rpc(fn, args);
      expect([fn, user.status, user.error?.code]).toEqual([fn, 403, '42501']);
      const nobody = await anon.rpc(fn, args);
      expect([fn, nobody.status, nobody.error?.code]).toEqual([fn, 401, '42501']);
    }
    expect(await readJob(db.sql, job.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
