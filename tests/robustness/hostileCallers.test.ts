import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJob, withPlan } from '@talk-track/testing/server';
import type { JobRecord } from '@talk-track/testing/internals';
import { actAs } from '../../supabase/tests/support/identities.ts';
import { refusalOf, rolledBack } from '../../supabase/tests/support/pgTest.ts';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import {
  type PostgrestServer,
  TEST_JWT_SECRET,
  createStandInClient,
  startPostgrest,
  supabaseKeys,
} from '../../tooling/src/postgrest/index.ts';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { callsForDeck } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi, isTerminal } from '../support/routeApi.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

// User A (alice) owns three jobs — completed, pending, failed — and user B (bob) tries everything
// a signed-in stranger can reach: the route handlers, the database through Supabase's REST API
// with his own access token (RLS), and the edge function.

const keys = supabaseKeys(TEST_JWT_SECRET);
let stack: WorkerStack;
let worker: WorkerProcess;
let api: RouteApi;
let postgrest: PostgrestServer;
let alice: string;
const bob = randomUUID();
let jobs: { completed: JobRecord; pending: JobRecord; failed: JobRecord };

beforeAll(async () => {
  stack = await startWorkerStack();
  worker = await stack.startDeno();
  // Revival at its most eager: any read that reached a stuck job would invoke the worker at once.
  api = createRouteApi({
    store: stack.store,
    workerUrl: worker.url,
    workerKey: stack.key,
    staleJobs: { pendingGraceMs: 0, reviveThrottleMs: 0 },
  });
  postgrest = await startPostgrest({ databaseUrl: stack.db.url, jwtSecret: TEST_JWT_SECRET });
  alice = stack.userId;

  const completedId = await api.startJob(alice, sampleDeck(12, { id: 'deck-completed', title: 'Completed deck' }));
  await api.poll(alice, completedId, isTerminal, { intervalMs: 50 });
  const created = (title: string) =>
    stack.store
      .createJob({ userId: alice, ...withPlan(sampleDeck(12, { id: `deck-${randomUUID()}`, title }), 5) })
      .then((c) => c.job);
  const pending = await created('Pending deck');
  const failed = await created('Failed deck');
  await stack.store.claimJob(failed.id, 'worker-1', 30);
  await stack.store.failJob(failed.id, 'worker-1', 'llm_unavailable', 'The AI service had errors.');
  jobs = {
    completed: await readJob(stack.db.sql, completedId),
    pending: await readJob(stack.db.sql, pending.id),
    failed: await readJob(stack.db.sql, failed.id),
  };
});
afterAll(async () => {
  await postgrest?.stop();
  await stack?.close();
});

/** Alice's jobs as stored now: whatever B tried must leave them exactly so. */
const rowsNow = async () => Promise.all(Object.values(jobs).map((job) => readJob(stack.db.sql, job.id)));

describe("user B against user A's jobs", () => {
  it('through the route handlers: 404 to read, cancel or retry, the same answer as for a job that does not exist', async () => {
    const missing = await api.status(bob, randomUUID());
    expect(missing.status).toBe(404);
    const notFound = await missing.json();
    const invocationsBefore = api.invocations.length;

    for (const job of Object.values(jobs)) {
      for (const [action, call] of [
        ['read', api.status],
        ['cancel', api.cancel],
        ['retry', api.retry],
      ] as const) {
        const response = await call(bob, job.id);
        expect({ job: job.deckId, action, status: response.status, body: await response.json() }).toEqual({
          job: job.deckId,
          action,
          status: 404,
          body: notFound,
        });
      }
    }
    expect(await rowsNow()).toEqual(Object.values(jobs));
    // Bob's reads of Alice's pending job did not wake a worker for it.
    expect(api.invocations).toHaveLength(invocationsBefore);
    expect(callsForDeck(stack.llm.stats, 'Pending deck')).toEqual([]);

    // The same routes work for Alice: the 404s were about Bob.
    expect((await api.status(alice, jobs.completed.id)).status).toBe(200);
  });

  it("through the table's RLS: B's access token sees none of A's rows, and may call no state function", async () => {
    const asBob = createStandInClient(postgrest.url, keys.anonKey, keys.accessTokenFor(bob));
    const asAlice = createStandInClient(postgrest.url, keys.anonKey, keys.accessTokenFor(alice));
    const anonymous = createStandInClient(postgrest.url, keys.anonKey);

    expect(await asBob.from('talk_track_jobs').select('id')).toMatchObject({ data: [], error: null });
    expect(await asBob.from('talk_track_jobs').select('id').eq('id', jobs.completed.id)).toMatchObject({
      data: [],
      error: null,
    });
    expect(await asBob.from('talk_track_chunks').select('chunk_index').eq('job_id', jobs.completed.id)).toMatchObject({
      data: [],
      error: null,
    });
    // Alice, the same way, sees her own.
    const mine = await asAlice.from('talk_track_jobs').select('id');
    expect(mine.data?.map((row) => row.id).sort()).toEqual(
      Object.values(jobs)
        .map((job) => job.id)
        .sort(),
    );
    expect(
      (await asAlice.from('talk_track_chunks').select('chunk_index').eq('job_id', jobs.completed.id)).data,
    ).toHaveLength(3);
    // Without a user, nothing at all.
    expect(await anonymous.from('talk_track_jobs').select('id')).toMatchObject({
      data: null,
      error: { code: '42501' },
      status: 401,
    });

    // The state functions are the service role's alone, even called with Alice's id.
    for (const [fn, jobId] of [
      ['talk_track_cancel_job', jobs.pending.id],
      ['talk_track_retry_job', jobs.failed.id],
    ] as const) {
      expect(await asBob.rpc(fn, { p_job_id: jobId, p_user_id: alice }), fn).toMatchObject({
        error: { code: '42501' },
        status: 403,
      });
    }
    // And the table takes no writes from a signed-in user, whatever the row.
    const refusals = await rolledBack(stack.db.sql, async (tx) => {
      await actAs(tx, { name: 'other user', role: 'authenticated', sub: bob });
      return {
        update: await refusalOf(
          tx,
          (sp) => sp`update talk_track_jobs set status = 'cancelled' where id = ${jobs.pending.id}`,
        ),
        delete: await refusalOf(tx, (sp) => sp`delete from talk_track_jobs where id = ${jobs.completed.id}`),
        deleteChunks: await refusalOf(
          tx,
          (sp) => sp`delete from talk_track_chunks where job_id = ${jobs.completed.id}`,
        ),
      };
    });
    expect(refusals).toEqual({ update: { code: '42501' }, delete: { code: '42501' }, deleteChunks: { code: '42501' } });
    expect(await rowsNow()).toEqual(Object.values(jobs));
  });

  it("the edge function refuses a user's access token (B's or A's own), the anon key, no key and a wrong key", async () => {
    const attempts = {
      "B's access token": { authorization: `Bearer ${keys.accessTokenFor(bob)}` },
      "A's own access token": { authorization: `Bearer ${keys.accessTokenFor(alice)}` },
      'the anon key': { apikey: keys.anonKey, authorization: `Bearer ${keys.anonKey}` },
      'no key': {},
      'a wrong key': { apikey: `sb_secret_${randomUUID().replaceAll('-', '')}` },
    };
    for (const [who, headers] of Object.entries(attempts)) {
      const response = await stack.invoke(worker, jobs.pending.id, headers);
      expect({ who, status: response.status, code: ((await response.json()) as { code: string }).code }).toEqual({
        who,
        status: 401,
        code: 'unauthenticated',
      });
    }
    expect(await rowsNow()).toEqual(Object.values(jobs));
    expect(callsForDeck(stack.llm.stats, 'Pending deck')).toEqual([]);
  });
});
