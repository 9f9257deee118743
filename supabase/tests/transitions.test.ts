import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OTHER_USER, OWNER } from './support/identities.ts';
import {
  OTHER_WORKER,
  TALK_TRACK,
  backdate,
  WORKER,
  claim,
  createJob,
  expireLease,
  jsonb,
  readJob,
  saveChunk,
  seedJob,
  type JobRow,
  type SeedState,
} from './support/jobFixtures.ts';
import { refusalOf, rolledBack, type Tx } from './support/pgTest.ts';

// An action's outcome: the status of the row a setof function returned, 'no row', 'true' /
// 'false' for the boolean ones, or the SQLSTATE it raised.
type Action = (tx: Tx, job: JobRow) => Promise<string>;

const rowStatus = (rows: readonly { status?: string }[]) => rows[0]?.status ?? 'no row';
const bool = (rows: readonly { ok?: boolean }[]) => String(rows[0]?.ok);

const ACTIONS: Record<string, Action> = {
  'claim (other worker)': async (tx, job) =>
    rowStatus(await tx`select * from talk_track_claim_job(${job.id}, ${OTHER_WORKER}, 30)`),
  'claim (same worker)': async (tx, job) =>
    rowStatus(await tx`select * from talk_track_claim_job(${job.id}, ${WORKER}, 30)`),
  heartbeat: async (tx, job) => bool(await tx`select talk_track_heartbeat(${job.id}, ${WORKER}, 30) as ok`),
  'save chunk': async (tx, job) =>
    rowStatus(
      await tx`
    select * from talk_track_save_chunk(${job.id}, ${WORKER}, 1, ${jsonb(tx, { slides: [], opening: null, closing: null })})`,
    ),
  complete: async (tx, job) =>
    rowStatus(
      await tx`
    select * from talk_track_complete_job(${job.id}, ${WORKER}, ${jsonb(tx, TALK_TRACK)})`,
    ),
  fail: async (tx, job) =>
    rowStatus(await tx`select * from talk_track_fail_job(${job.id}, ${WORKER}, 'llm_timeout', 'Too slow')`),
  release: async (tx, job) => bool(await tx`select talk_track_release_job(${job.id}, ${WORKER}) as ok`),
  cancel: async (tx, job) => rowStatus(await tx`select * from talk_track_cancel_job(${job.id}, ${OWNER})`),
  retry: async (tx, job) => rowStatus(await tx`select * from talk_track_retry_job(${job.id}, ${OWNER})`),
};

const SEEDS: SeedState[] = ['pending', 'processing', 'processing, lease expired', 'completed', 'failed', 'cancelled'];

// The state machine. Rows: the job's state; columns: ACTIONS in order. The lease is WORKER's.
const TRANSITIONS: Record<SeedState, string[]> = {
  //                             claim other   claim same    heartbeat  save          complete     fail       release  cancel       retry
  pending: /*                 */ [
    'processing',
    'processing',
    'false',
    'no row',
    'no row',
    'no row',
    'false',
    'cancelled',
    'TT422',
  ],
  processing: /*              */ [
    'no row',
    'processing',
    'true',
    'processing',
    'completed',
    'failed',
    'true',
    'cancelled',
    'TT422',
  ],
  'processing, lease expired': [
    'processing',
    'processing',
    'false',
    'no row',
    'no row',
    'no row',
    'true',
    'cancelled',
    'TT422',
  ],
  completed: /*               */ ['no row', 'no row', 'false', 'no row', 'no row', 'no row', 'false', 'TT422', 'TT422'],
  failed: /*                  */ [
    'no row',
    'no row',
    'false',
    'no row',
    'no row',
    'no row',
    'false',
    'TT422',
    'pending',
  ],
  cancelled: /*               */ [
    'no row',
    'no row',
    'false',
    'no row',
    'no row',
    'no row',
    'false',
    'TT422',
    'pending',
  ],
};

const CASES = SEEDS.flatMap((state) =>
  Object.keys(ACTIONS).map((action, column) => ({ state, action, expected: TRANSITIONS[state][column]! })),
);

// Columns a refused action must leave alone (updated_at included: nothing was written at all).
const snapshot = (job: JobRow) => JSON.stringify(job);

describe('job state transitions', () => {
  const db = useTestDatabase();

  it.each(CASES)('$state → $action → $expected', async ({ state, action, expected }) => {
    const { outcome, before, after } = await rolledBack(db.sql, async (tx) => {
      const job = await seedJob(tx, state);
      let outcome = '';
      const refusal = await refusalOf(tx, async (sp) => {
        outcome = await ACTIONS[action]!(sp, job);
      });
      return { outcome: refusal?.code ?? outcome, before: job, after: await readJob(tx, job.id) };
    });
    expect(outcome).toBe(expected);
    const refused = expected === 'no row' || expected === 'false' || expected.startsWith('TT');
    if (refused) expect(snapshot(after)).toBe(snapshot(before));
  });

  it('refuses with the current status in DETAIL', async () => {
    const refusals = await rolledBack(db.sql, async (tx) => {
      const completed = await seedJob(tx, 'completed', 'deck-a');
      const processing = await seedJob(tx, 'processing', 'deck-b');
      return [
        await refusalOf(tx, (sp) => sp`select * from talk_track_cancel_job(${completed.id}, ${OWNER})`),
        await refusalOf(tx, (sp) => sp`select * from talk_track_retry_job(${processing.id}, ${OWNER})`),
      ];
    });
    expect(refusals).toEqual([
      { code: 'TT422', detail: 'completed' },
      { code: 'TT422', detail: 'processing' },
    ]);
  });

  it('cancel and retry answer no row for another user’s job (no existence leak)', async () => {
    const outcomes = await rolledBack(db.sql, async (tx) => {
      const pending = await seedJob(tx, 'pending', 'deck-a');
      const failed = await seedJob(tx, 'failed', 'deck-b');
      return [
        rowStatus(await tx`select * from talk_track_cancel_job(${pending.id}, ${OTHER_USER})`),
        rowStatus(await tx`select * from talk_track_retry_job(${failed.id}, ${OTHER_USER})`),
        rowStatus(await tx`select * from talk_track_cancel_job(gen_random_uuid(), ${OWNER})`),
      ];
    });
    expect(outcomes).toEqual(['no row', 'no row', 'no row']);
  });

  it('another worker can do nothing under a live lease', async () => {
    const outcomes = await rolledBack(db.sql, async (tx) => {
      const job = await seedJob(tx, 'processing');
      await tx`delete from talk_track_chunks where job_id = ${job.id} and chunk_index = 1`;
      return [
        bool(await tx`select talk_track_heartbeat(${job.id}, ${OTHER_WORKER}, 30) as ok`),
        rowStatus(
          await tx`select * from talk_track_save_chunk(${job.id}, ${OTHER_WORKER}, 1, ${jsonb(tx, { slides: [] })})`,
        ),
        rowStatus(
          await tx`select * from talk_track_complete_job(${job.id}, ${OTHER_WORKER}, ${jsonb(tx, TALK_TRACK)})`,
        ),
        rowStatus(await tx`select * from talk_track_fail_job(${job.id}, ${OTHER_WORKER}, 'internal_error', 'x')`),
        bool(await tx`select talk_track_release_job(${job.id}, ${OTHER_WORKER}) as ok`),
        (await tx`select count(*)::int as n from talk_track_chunks where job_id = ${job.id}`)[0]!.n,
      ];
    });
    expect(outcomes).toEqual(['false', 'no row', 'no row', 'no row', 'false', 1]);
  });

  it('a claim after the lease expired takes over, counts the attempt and keeps started_at', async () => {
    const { before, after } = await rolledBack(db.sql, async (tx) => {
      const job = await seedJob(tx, 'processing, lease expired');
      return { before: job, after: (await claim(tx, job.id, OTHER_WORKER))! };
    });
    expect(after).toMatchObject({ status: 'processing', lease_owner: OTHER_WORKER, attempts: before.attempts + 1 });
    expect(after.started_at).toEqual(before.started_at);
    expect(after.lease_expires_at!.getTime()).toBeGreaterThan(Date.now());
  });

  it('release lets another worker claim at once', async () => {
    const claimed = await rolledBack(db.sql, async (tx) => {
      const job = await seedJob(tx, 'processing');
      await tx`select talk_track_release_job(${job.id}, ${WORKER})`;
      return claim(tx, job.id, OTHER_WORKER);
    });
    expect(claimed).toMatchObject({ status: 'processing', lease_owner: OTHER_WORKER });
  });

  it('completing needs every chunk saved', async () => {
    const { refusal, status } = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx, { chunks: 3 });
      await claim(tx, job.id);
      await saveChunk(tx, job.id, 0);
      await saveChunk(tx, job.id, 2);
      const refusal = await refusalOf(
        tx,
        (sp) => sp`select * from talk_track_complete_job(${job.id}, ${WORKER}, ${jsonb(sp, TALK_TRACK)})`,
      );
      return { refusal, status: (await readJob(tx, job.id)).status };
    });
    expect(refusal).toEqual({ code: 'TT422', detail: 'processing' });
    expect(status).toBe('processing');
  });

  it('completed: progress 100, result stored, lease cleared', async () => {
    const job = await rolledBack(db.sql, (tx) => seedJob(tx, 'completed'));
    expect(job).toMatchObject({
      status: 'completed',
      progress: 100,
      current_chunk: 2,
      result: TALK_TRACK,
      lease_owner: null,
      lease_expires_at: null,
    });
    expect(job.completed_at).toBeInstanceOf(Date);
  });

  it('progress follows the chunks saved, only rises, and stays below 100 until completed', async () => {
    const progress = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx, { chunks: 4 });
      await claim(tx, job.id);
      const seen: number[] = [];
      for (const index of [2, 0, 2, 1]) seen.push((await saveChunk(tx, job.id, index))!.progress);
      // A higher figure from elsewhere (e.g. an estimate) is never pulled back down.
      await tx`update talk_track_jobs set progress = 90 where id = ${job.id}`;
      seen.push((await saveChunk(tx, job.id, 3))!.progress);
      return seen;
    });
    expect(progress).toEqual([25, 50, 50, 75, 99]);
  });

  it('saving a chunk index twice keeps the first output', async () => {
    const { outputs, job } = await rolledBack(db.sql, async (tx) => {
      const created = await createJob(tx, { chunks: 2 });
      await claim(tx, created.id);
      await saveChunk(tx, created.id, 0, WORKER, 'first');
      const job = (await saveChunk(tx, created.id, 0, WORKER, 'second'))!;
      const outputs = await tx<{ title: string }[]>`
        select output -> 'slides' -> 0 ->> 'title' as title from talk_track_chunks where job_id = ${created.id}`;
      return { outputs: outputs.map((r) => r.title), job };
    });
    expect(outputs).toEqual(['first']);
    expect(job).toMatchObject({ current_chunk: 1, progress: 50 });
  });

  it('refuses a chunk index outside the plan', async () => {
    const refusals = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx, { chunks: 2 });
      await claim(tx, job.id);
      return [
        await refusalOf(tx, (sp) => saveChunk(sp, job.id, 2)),
        await refusalOf(tx, (sp) => saveChunk(sp, job.id, -1)),
      ];
    });
    expect(refusals.map((r) => r?.code)).toEqual(['22023', '22023']);
  });

  it('retry goes back to pending keeping the chunks, and clears the last run', async () => {
    const { retried, chunks } = await rolledBack(db.sql, async (tx) => {
      const job = await seedJob(tx, 'failed');
      const [retried] = await tx<JobRow[]>`select * from talk_track_retry_job(${job.id}, ${OWNER})`;
      const [counted] = await tx<
        { n: number }[]
      >`select count(*)::int as n from talk_track_chunks where job_id = ${job.id}`;
      return { retried: retried!, chunks: counted!.n };
    });
    expect(retried).toMatchObject({
      status: 'pending',
      current_chunk: 1,
      progress: 50,
      error_code: null,
      error_message: null,
      started_at: null,
      completed_at: null,
      lease_owner: null,
      lease_expires_at: null,
    });
    expect(chunks).toBe(1);
  });

  it('failed: error stored, chunks kept, lease cleared', async () => {
    const job = await rolledBack(db.sql, (tx) => seedJob(tx, 'failed'));
    expect(job).toMatchObject({
      status: 'failed',
      error_code: 'llm_unavailable',
      error_message: 'The AI service is unavailable',
      current_chunk: 1,
      lease_owner: null,
    });
    expect(job.completed_at).toBeInstanceOf(Date);
  });

  it('a cancelled job stops its worker: heartbeat false, saves refused', async () => {
    const outcomes = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx, { chunks: 2 });
      await claim(tx, job.id);
      await tx`select * from talk_track_cancel_job(${job.id}, ${OWNER})`;
      return [
        bool(await tx`select talk_track_heartbeat(${job.id}, ${WORKER}, 30) as ok`),
        rowStatus([(await saveChunk(tx, job.id, 0)) ?? {}]),
      ];
    });
    expect(outcomes).toEqual(['false', 'no row']);
  });

  it('the table refuses states the functions never produce', async () => {
    const refusals = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx);
      const codes: (string | undefined)[] = [];
      for (const statement of [
        (sp: Tx) => sp`update talk_track_jobs set status = 'done' where id = ${job.id}`,
        (sp: Tx) => sp`update talk_track_jobs set progress = 101 where id = ${job.id}`,
        (sp: Tx) => sp`update talk_track_jobs set progress = -1 where id = ${job.id}`,
        (sp: Tx) => sp`update talk_track_jobs set progress = 100 where id = ${job.id}`,
        (sp: Tx) => sp`update talk_track_jobs set status = 'processing' where id = ${job.id}`,
      ]) {
        codes.push((await refusalOf(tx, statement))?.code);
      }
      return codes;
    });
    expect(refusals).toEqual(['23514', '23514', '23514', '23514', '23514']);
  });

  it('saving a chunk extends the lease by the length it was granted', async () => {
    const { granted, saved } = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx);
      const granted = (await claim(tx, job.id, WORKER, 30))!;
      // As if the claim had happened 10 s ago: 20 s of the 30 s lease are left.
      await backdate(tx, job.id, '10 seconds');
      return { granted, saved: (await saveChunk(tx, job.id, 0))! };
    });
    // Both happen at the same now(): a fresh 30 s from the save, not the 20 s that were left.
    expect(saved.lease_expires_at!.getTime()).toBe(granted.lease_expires_at!.getTime());
    expect(saved.lease_expires_at!.getTime() - saved.updated_at.getTime()).toBe(30_000);
  });

  it('an expired lease cannot be renewed by its old owner', async () => {
    const ok = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx);
      await claim(tx, job.id);
      await expireLease(tx, job.id);
      return bool(await tx`select talk_track_heartbeat(${job.id}, ${WORKER}, 30) as ok`);
    });
    expect(ok).toBe('false');
  });
});
