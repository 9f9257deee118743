import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { SUPABASE_GRANT_MODES } from '../../tooling/src/postgres/applySupabaseStandIn.ts';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import {
  ANON,
  AS_OTHER_USER,
  AS_OWNER,
  OTHER_USER,
  OWNER,
  SERVICE_ROLE,
  actAs,
  type Identity,
} from './support/identities.ts';
import { WORKER, TALK_TRACK, chunkOutput, deckInput, jsonb, seedJob, type JobRow } from './support/jobFixtures.ts';
import { refusalOf, rolledBack, type Tx } from './support/pgTest.ts';

// What an identity gets from one statement:
//   'sees'    ran and returned/affected the owner's row
//   'empty'   ran, but RLS hid the row (no error: the row just does not exist for them)
//   'denied'  refused for lack of privilege (42501)
type Outcome = 'sees' | 'empty' | 'denied';

interface Seeded {
  pending: JobRow;
  running: JobRow;
  ready: JobRow;
  failed: JobRow;
}

// Jobs of OWNER in the states the function calls below need, made as the migration owner.
async function seed(tx: Tx): Promise<Seeded> {
  const pending = await seedJob(tx, 'pending', 'deck-pending');
  const running = await seedJob(tx, 'processing', 'deck-running');
  // Two chunks saved already: "ready" to complete. "running" gets its chunk 1 deleted to be saveable.
  await tx`delete from talk_track_chunks where job_id = ${running.id} and chunk_index = 1`;
  await tx`update talk_track_jobs set current_chunk = 1 where id = ${running.id}`;
  const ready = await seedJob(tx, 'processing', 'deck-ready');
  const failed = await seedJob(tx, 'failed', 'deck-failed');
  return { pending, running, ready, failed };
}

type Statement = (tx: Tx, s: Seeded) => Promise<readonly unknown[]>;

const TABLE_STATEMENTS: Record<string, Statement> = {
  'select talk_track_jobs': (tx, s) => tx`select id from talk_track_jobs where id = ${s.running.id}`,
  'insert talk_track_jobs': (tx) => tx`
    insert into talk_track_jobs (user_id, deck_id, input, chunk_size, total_chunks, slide_count, chunk_starts)
    values (${OWNER}, 'deck-direct', ${jsonb(tx, deckInput('deck-direct', 1))}, 1, 1, 1, '{0}') returning id`,
  'update talk_track_jobs': (tx, s) =>
    tx`update talk_track_jobs set progress = 60 where id = ${s.running.id} returning id`,
  'delete talk_track_jobs': (tx, s) => tx`delete from talk_track_jobs where id = ${s.running.id} returning id`,
  'select talk_track_chunks': (tx, s) => tx`select chunk_index from talk_track_chunks where job_id = ${s.running.id}`,
  'insert talk_track_chunks': (tx, s) => tx`
    insert into talk_track_chunks (job_id, chunk_index, output)
    values (${s.running.id}, 1, ${jsonb(tx, chunkOutput('forged'))}) returning job_id`,
  'update talk_track_chunks': (tx, s) => tx`
    update talk_track_chunks set output = ${jsonb(tx, chunkOutput('forged'))} where job_id = ${s.running.id} returning job_id`,
  'delete talk_track_chunks': (tx, s) =>
    tx`delete from talk_track_chunks where job_id = ${s.running.id} returning job_id`,
  'select talk_track_settings': (tx) => tx`select max_active_jobs_per_user from talk_track_settings`,
  'update talk_track_settings': (tx) =>
    tx`update talk_track_settings set max_active_jobs_per_user = 50 returning singleton`,
  // A count answers one row to anyone allowed to read, rows or not.
  'select talk_track_job_timings': (tx) => tx`select count(*) from talk_track_job_timings`,
  'insert talk_track_job_timings': (tx) => tx`
    insert into talk_track_job_timings (model, lanes, slides, lane_seconds_per_slide) values ('forged', 1, 1, 0.001) returning id`,
  'select talk_track_revivals': (tx) => tx`select count(*) from talk_track_revivals`,
  'insert talk_track_revivals': (tx, s) =>
    tx`insert into talk_track_revivals (job_id, revived_at) values (${s.running.id}, now()) returning job_id`,
};

// One call per function, with arguments that succeed for an identity allowed to run it.
const FUNCTION_CALLS: Record<string, Statement> = {
  talk_track_create_job: (tx) => tx`
    select (r.job).id from talk_track_create_job(${OWNER}, 'deck-new', ${jsonb(tx, deckInput('deck-new', 1))}, 1, 1) r`,
  talk_track_claim_job: (tx, s) => tx`select * from talk_track_claim_job(${s.pending.id}, 'worker-2', 30)`,
  talk_track_heartbeat: (tx, s) => tx`select talk_track_heartbeat(${s.running.id}, ${WORKER}, 30) as ok`,
  talk_track_locked_leased_job: (tx, s) => tx`select * from talk_track_locked_leased_job(${s.running.id}, ${WORKER})`,
  talk_track_save_chunk: (tx, s) => tx`
    select * from talk_track_save_chunk(${s.running.id}, ${WORKER}, 1, ${jsonb(tx, chunkOutput('late'))})`,
  talk_track_record_billed_usage: (tx, s) =>
    tx`select talk_track_record_billed_usage(${s.running.id}, ${WORKER}, 900, 700, 650) as ok`,
  talk_track_complete_job: (tx, s) => tx`
    select * from talk_track_complete_job(${s.ready.id}, ${WORKER}, ${jsonb(tx, TALK_TRACK)}, 'gpt-test', 3)`,
  talk_track_estimate_seconds: (tx) => tx`select talk_track_estimate_seconds(10) as seconds`,
  talk_track_job_outlook: (tx, s) => tx`select * from talk_track_job_outlook(${s.running.id})`,
  talk_track_waiting_ahead: (tx, s) => tx`select talk_track_waiting_ahead(${s.running.id}) as ahead`,
  talk_track_fail_job: (tx, s) =>
    tx`select * from talk_track_fail_job(${s.running.id}, ${WORKER}, 'internal_error', 'Boom')`,
  talk_track_release_job: (tx, s) => tx`select talk_track_release_job(${s.running.id}, ${WORKER}) as ok`,
  talk_track_cancel_job: (tx, s) => tx`select * from talk_track_cancel_job(${s.pending.id}, ${OWNER})`,
  talk_track_retry_job: (tx, s) => tx`select * from talk_track_retry_job(${s.failed.id}, ${OWNER})`,
  talk_track_begin_llm_call: (tx, s) => tx`select * from talk_track_begin_llm_call(${s.running.id}, ${WORKER}, 3, 60)`,
  talk_track_end_llm_call: (tx) => tx`select talk_track_end_llm_call(1) as ok`,
  talk_track_lease_held: (tx, s) => tx`select talk_track_lease_held(${s.running.id}, ${WORKER}) as ok`,
  talk_track_sweep_jobs: (tx) => tx`select * from talk_track_sweep_jobs(0, 10)`,
  talk_track_job_is_stale: (tx, s) => tx`select talk_track_job_is_stale(${s.pending.id}, 0) as stale`,
  talk_track_revive_job: (tx, s) => tx`select talk_track_revive_job(${s.pending.id}, 0, 0) as revived`,
  talk_track_cleanup_jobs: (tx) => tx`select talk_track_cleanup_jobs() as deleted`,
  talk_track_check_start_limits: (tx) => tx`select talk_track_check_start_limits(${OTHER_USER}, true) as ok`,
  talk_track_fail_over_budget: (tx, s) => tx`select * from talk_track_fail_over_budget(${s.running.id})`,
  talk_track_chunk_plan_is_valid: (tx) => tx`select talk_track_chunk_plan_is_valid(array[0, 2], 3, 2) as ok`,
  talk_track_on_job_completed: (tx, s) =>
    tx`select talk_track_on_job_completed(j) as ok from talk_track_jobs j where j.id = ${s.ready.id}`,
};

const IDENTITIES = [ANON, AS_OWNER, AS_OTHER_USER, SERVICE_ROLE] as const;

// Rows: statement; columns: anon, owner, other user, service_role.
const TABLE_MATRIX: Record<keyof typeof TABLE_STATEMENTS, [Outcome, Outcome, Outcome, Outcome]> = {
  'select talk_track_jobs': ['denied', 'sees', 'empty', 'sees'],
  'insert talk_track_jobs': ['denied', 'denied', 'denied', 'sees'],
  'update talk_track_jobs': ['denied', 'denied', 'denied', 'sees'],
  'delete talk_track_jobs': ['denied', 'denied', 'denied', 'sees'],
  'select talk_track_chunks': ['denied', 'sees', 'empty', 'sees'],
  'insert talk_track_chunks': ['denied', 'denied', 'denied', 'sees'],
  'update talk_track_chunks': ['denied', 'denied', 'denied', 'sees'],
  'delete talk_track_chunks': ['denied', 'denied', 'denied', 'sees'],
  // The limits are the host's: service_role reads them (the functions run as it), nobody but the
  // migration owner changes them.
  'select talk_track_settings': ['denied', 'denied', 'denied', 'sees'],
  'update talk_track_settings': ['denied', 'denied', 'denied', 'denied'],
  // The estimate's history is the host's: the functions read and write it as service_role.
  'select talk_track_job_timings': ['denied', 'denied', 'denied', 'sees'],
  'insert talk_track_job_timings': ['denied', 'denied', 'denied', 'sees'],
  // Which status read last revived a job: written by talk_track_revive_job as service_role.
  'select talk_track_revivals': ['denied', 'denied', 'denied', 'sees'],
  'insert talk_track_revivals': ['denied', 'denied', 'denied', 'sees'],
};

async function outcomeOf(sql: postgres.Sql, identity: Identity, statement: Statement): Promise<Outcome | string> {
  return rolledBack(sql, async (tx) => {
    const seeded = await seed(tx);
    await actAs(tx, identity);
    let rows: readonly unknown[] = [];
    const refusal = await refusalOf(tx, async (sp) => {
      rows = await statement(sp, seeded);
    });
    if (refusal) return refusal.code === '42501' ? 'denied' : `refused with ${refusal.code}`;
    return rows.length > 0 ? 'sees' : 'empty';
  });
}

// Both of Supabase's worlds: projects whose new tables are granted to anon and authenticated
// automatically (the migration must revoke), and projects since 2026-05-30 where nothing is (the
// migration must grant). The outcomes must be the same.
describe.each(SUPABASE_GRANT_MODES)('row level security and privileges (%s default grants)', (grants) => {
  const db = useTestDatabase({ grants });

  describe.each(Object.keys(TABLE_MATRIX))('%s', (statement) => {
    it.each(
      IDENTITIES.map((identity, column) => ({
        name: identity.name,
        identity,
        expected: TABLE_MATRIX[statement]![column]!,
      })),
    )('as $name → $expected', async ({ identity, expected }) => {
      expect(await outcomeOf(db.sql, identity, TABLE_STATEMENTS[statement]!)).toBe(expected);
    });
  });

  describe.each(Object.keys(FUNCTION_CALLS))('execute %s', (fn) => {
    it.each([ANON, AS_OWNER, AS_OTHER_USER].map((identity) => ({ name: identity.name, identity, expected: 'denied' })))(
      'as $name → $expected',
      async ({ identity, expected }) => {
        expect(await outcomeOf(db.sql, identity, FUNCTION_CALLS[fn]!)).toBe(expected);
      },
    );

    it('as service_role → runs', async () => {
      const outcome = await outcomeOf(db.sql, SERVICE_ROLE, FUNCTION_CALLS[fn]!);
      expect(outcome === 'sees' || outcome === 'empty').toBe(true);
    });
  });

  // The matrix above sees outcomes, and a function that locks or writes the tables is 'denied' to
  // anon and authenticated by the table privileges alone. Ask the catalog about EXECUTE itself, and
  // make a function the matrix forgot fail here.
  it('lists every talk_track_* function in the matrix, none executable by anon or authenticated', async () => {
    const functions = await db.sql<{ name: string; anon: boolean; authenticated: boolean }[]>`
      select p.proname as name,
             has_function_privilege('anon', p.oid, 'execute') as anon,
             has_function_privilege('authenticated', p.oid, 'execute') as authenticated
        from pg_proc p
        join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname like 'talk\\_track\\_%'`;
    // Trigger functions cannot be called as statements: they are in the privilege check only.
    const triggers = ['talk_track_touch_updated_at', 'talk_track_keep_settings_row'];
    const callable = functions
      .map((f) => f.name)
      .filter((name) => !triggers.includes(name))
      .sort();
    expect(callable).toEqual(Object.keys(FUNCTION_CALLS).sort());
    expect(functions.filter((f) => f.anon || f.authenticated)).toEqual([]);
    expect(functions.length).toBe(callable.length + triggers.length);
  });

  it('service_role calls do what they say (not merely run)', async () => {
    const results = await rolledBack(db.sql, async (tx) => {
      const seeded = await seed(tx);
      await actAs(tx, SERVICE_ROLE);
      const [claimed] = await FUNCTION_CALLS.talk_track_claim_job!(tx, seeded);
      const [completed] = await FUNCTION_CALLS.talk_track_complete_job!(tx, seeded);
      const [retried] = await FUNCTION_CALLS.talk_track_retry_job!(tx, seeded);
      return [claimed, completed, retried].map((row) => (row as JobRow).status);
    });
    expect(results).toEqual(['processing', 'completed', 'pending']);
  });

  it('an authenticated user sees exactly their own jobs and chunks', async () => {
    const seen = await rolledBack(db.sql, async (tx) => {
      const mine = await seed(tx);
      const theirs = await seedJob(tx, 'processing', 'deck-of-other');
      await tx`update talk_track_jobs set user_id = ${OTHER_USER} where id = ${theirs.id}`;
      await actAs(tx, AS_OWNER);
      const jobs = await tx<{ id: string }[]>`select id from talk_track_jobs order by id`;
      const chunkJobs = await tx<{ job_id: string }[]>`select distinct job_id from talk_track_chunks order by job_id`;
      return {
        jobs: jobs.map((r) => r.id),
        chunkJobs: chunkJobs.map((r) => r.job_id),
        expectedJobs: Object.values(mine)
          .map((j) => j.id)
          .sort(),
        expectedChunkJobs: [mine.running.id, mine.ready.id, mine.failed.id].sort(),
      };
    });
    expect(seen.jobs).toEqual(seen.expectedJobs);
    expect(seen.chunkJobs).toEqual(seen.expectedChunkJobs);
  });
});
