import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OTHER_USER, OWNER } from './support/identities.ts';
import { TALK_TRACK, WORKER, backdate, claim, createJob, expireLease, jsonb, seedJob } from './support/jobFixtures.ts';
import { refusalOf, rolledBack, type Tx } from './support/pgTest.ts';

const MONITORING_SQL = new URL('./monitoring.sql', import.meta.url);

/** The monitoring file's queries by their `-- Title` line. */
async function monitoringQueries(): Promise<Map<string, string>> {
  const text = await readFile(MONITORING_SQL, 'utf8');
  const queries = new Map<string, string>();
  for (const block of text.split(/;\s*\n/)) {
    const title = /^--\s*([^:\n(]+)/m.exec(block)?.[1]?.trim();
    if (title && /\bselect\b/i.test(block)) queries.set(title, block);
  }
  return queries;
}

async function staleIds(tx: Tx, graceSeconds: number, limit = 100): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`select id from talk_track_sweep_jobs(${graceSeconds}, ${limit}) as id`;
  return rows.map((r) => r.id);
}

describe('stale sweep, cleanup and monitoring', () => {
  const db = useTestDatabase();

  it('sweep_jobs: processing with an expired lease, and pending past the grace, oldest first', async () => {
    const { found, limited, expected } = await rolledBack(db.sql, async (tx) => {
      const deadWorker = await seedJob(tx, 'processing, lease expired', 'dead-worker');
      await backdate(tx, deadWorker.id, '1 minute');
      const lostInvocation = await createJob(tx, { deckId: 'lost-invocation' });
      await backdate(tx, lostInvocation.id, '5 minutes');
      // Not stale: a live lease, a pending job inside the grace, finished jobs (even old ones).
      await seedJob(tx, 'processing', 'live-worker');
      await createJob(tx, { deckId: 'just-started' });
      const oldCompleted = await seedJob(tx, 'completed', 'old-completed');
      await backdate(tx, oldCompleted.id, '1 day');
      const released = await seedJob(tx, 'processing', 'released');
      await tx`select talk_track_release_job(${released.id}, 'worker-1')`;
      await backdate(tx, released.id, '1 second');
      return {
        found: await staleIds(tx, 120),
        limited: await staleIds(tx, 120, 1),
        expected: [lostInvocation.id, deadWorker.id, released.id],
      };
    });
    expect(found).toEqual(expected);
    expect(limited).toEqual(expected.slice(0, 1));
  });

  it('sweep_jobs fails stale jobs past their claims or retry budget instead of returning them', async () => {
    const { found, jobs } = await rolledBack(db.sql, async (tx) => {
      const spentCalls = await seedJob(tx, 'processing, lease expired', 'spent-calls');
      await tx`update talk_track_jobs set llm_calls = 50 where id = ${spentCalls.id}`;
      const spentClaims = await createJob(tx, { deckId: 'spent-claims' });
      await tx`update talk_track_jobs set attempts = 25 where id = ${spentClaims.id}`;
      const live = await seedJob(tx, 'processing', 'live-over-budget');
      await tx`update talk_track_jobs set llm_calls = 50 where id = ${live.id}`;
      const found = await staleIds(tx, 0);
      const jobs = await tx<{ deck_id: string; status: string; error_code: string | null }[]>`
        select deck_id, status, error_code from talk_track_jobs order by deck_id`;
      return { found, jobs };
    });
    expect(found).toEqual([]);
    expect(jobs).toEqual([
      // A live lease is the worker's to end: it stops at its next LLM call (begin_llm_call).
      { deck_id: 'live-over-budget', status: 'processing', error_code: null },
      { deck_id: 'spent-calls', status: 'failed', error_code: 'retry_budget_exhausted' },
      { deck_id: 'spent-claims', status: 'failed', error_code: 'claim_limit_reached' },
    ]);
  });

  it("job_is_stale is the sweep's rule: what the sweep returns is exactly the jobs it calls stale", async () => {
    const { stale, swept, expectedSwept, unknown } = await rolledBack(db.sql, async (tx) => {
      const deadWorker = await seedJob(tx, 'processing, lease expired', 'dead-worker');
      const lostInvocation = await createJob(tx, { deckId: 'lost-invocation' });
      await backdate(tx, lostInvocation.id, '5 minutes');
      await seedJob(tx, 'processing', 'live-worker');
      await createJob(tx, { deckId: 'just-started' });
      const oldCompleted = await seedJob(tx, 'completed', 'old-completed');
      await backdate(tx, oldCompleted.id, '1 day');
      const rows = await tx<{ deck_id: string; stale: boolean }[]>`
        select deck_id, talk_track_job_is_stale(id, 120) as stale from talk_track_jobs order by deck_id`;
      const [row] = await tx<{ unknown: boolean }[]>`select talk_track_job_is_stale(gen_random_uuid()) as unknown`;
      return {
        stale: rows.filter((r) => r.stale).map((r) => r.deck_id),
        swept: (await staleIds(tx, 120)).sort(),
        expectedSwept: [deadWorker.id, lostInvocation.id].sort(),
        unknown: row!.unknown,
      };
    });
    expect(stale).toEqual(['dead-worker', 'lost-invocation']);
    expect(swept).toEqual(expectedSwept);
    expect(unknown).toBe(false);
  });

  it('job_is_stale: a pending job past 10 s by default, past the grace given otherwise', async () => {
    const seen = await rolledBack(db.sql, async (tx) => {
      const pending = await createJob(tx, { deckId: 'pending' });
      const at = async () =>
        (
          await tx<{ d: boolean; short: boolean }[]>`
        select talk_track_job_is_stale(${pending.id}) as d, talk_track_job_is_stale(${pending.id}, 2) as short`
        )[0];
      const fresh = await at();
      await backdate(tx, pending.id, '5 seconds');
      const fiveSeconds = await at();
      await backdate(tx, pending.id, '6 seconds');
      return { fresh, fiveSeconds, elevenSeconds: await at() };
    });
    expect(seen).toEqual({
      fresh: { d: false, short: false },
      fiveSeconds: { d: false, short: true },
      elevenSeconds: { d: true, short: true },
    });
  });

  it('revive_job: true for a stale job once per throttle window, false for a live one', async () => {
    const seen = await rolledBack(db.sql, async (tx) => {
      const dead = await seedJob(tx, 'processing, lease expired', 'dead-worker');
      const live = await seedJob(tx, 'processing', 'live-worker');
      const revive = async (jobId: string, throttle: number | null = null) =>
        (await tx<{ ok: boolean }[]>`select talk_track_revive_job(${jobId}, null, ${throttle}) as ok`)[0]!.ok;
      const first = await revive(dead.id);
      const again = await revive(dead.id);
      await tx`update talk_track_revivals set revived_at = revived_at - interval '4 seconds' where job_id = ${dead.id}`;
      const within = await revive(dead.id);
      await tx`update talk_track_revivals set revived_at = revived_at - interval '1 second' where job_id = ${dead.id}`;
      const after = await revive(dead.id);
      const unthrottled = [await revive(dead.id, 0), await revive(dead.id, 0)];
      return { first, again, within, after, unthrottled, live: await revive(live.id) };
    });
    expect(seen).toEqual({
      first: true,
      again: false,
      within: false,
      after: true,
      unthrottled: [true, true],
      live: false,
    });
  });

  it('cleanup_jobs: failed and cancelled jobs go after cleanup_after; completed ones keep their result and lose input and chunks', async () => {
    const { deleted, left, chunksLeft, orphanChunks, revivals, recentRevival } = await rolledBack(
      db.sql,
      async (tx) => {
        for (const state of ['completed', 'failed', 'cancelled'] as const) {
          const old = await seedJob(tx, state, `old-${state}`);
          await backdate(tx, old.id, '31 days');
        }
        await seedJob(tx, 'completed', 'recent-completed');
        await seedJob(tx, 'failed', 'recent-failed');
        const oldPending = await createJob(tx, { deckId: 'old-pending' });
        await backdate(tx, oldPending.id, '60 days');
        const oldRunning = await createJob(tx, { deckId: 'old-running' });
        await claim(tx, oldRunning.id);
        await expireLease(tx, oldRunning.id);
        await backdate(tx, oldRunning.id, '60 days');
        await tx`insert into talk_track_revivals (job_id, revived_at) values (${oldRunning.id}, now() - interval '2 days'), (${oldPending.id}, now())`;

        const [cleanup] = await tx<{ deleted: number }[]>`select talk_track_cleanup_jobs() as deleted`;
        const revivals = await tx<{ job_id: string }[]>`select job_id from talk_track_revivals`;
        const left = await tx<{ deck_id: string; status: string; has_input: boolean; has_result: boolean }[]>`
        select deck_id, status, input is not null as has_input, result is not null as has_result from talk_track_jobs order by deck_id`;
        const chunks = await tx<{ deck_id: string; n: number }[]>`
        select j.deck_id, count(*)::int as n from talk_track_chunks c join talk_track_jobs j on j.id = c.job_id group by j.deck_id order by j.deck_id`;
        const [orphans] = await tx<{ n: number }[]>`
        select count(*)::int as n from talk_track_chunks c where not exists (select 1 from talk_track_jobs j where j.id = c.job_id)`;
        return {
          deleted: cleanup!.deleted,
          left,
          chunksLeft: chunks,
          orphanChunks: orphans!.n,
          revivals: revivals.map((r) => r.job_id),
          recentRevival: oldPending.id,
        };
      },
    );
    // A day-old revival is forgotten; a recent one still throttles.
    expect(revivals).toEqual([recentRevival]);
    expect(deleted).toBe(2);
    expect(left).toEqual([
      { deck_id: 'old-completed', status: 'completed', has_input: false, has_result: true },
      { deck_id: 'old-pending', status: 'pending', has_input: true, has_result: false },
      { deck_id: 'old-running', status: 'processing', has_input: true, has_result: false },
      { deck_id: 'recent-completed', status: 'completed', has_input: true, has_result: true },
      { deck_id: 'recent-failed', status: 'failed', has_input: true, has_result: false },
    ]);
    expect(chunksLeft).toEqual([
      { deck_id: 'recent-completed', n: 2 },
      { deck_id: 'recent-failed', n: 1 },
    ]);
    expect(orphanChunks).toBe(0);
  });

  it("cleanup_jobs deletes completed jobs only when delete_completed_after is set, and periods are the host's", async () => {
    const left = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set cleanup_after = interval '7 days', delete_completed_after = interval '90 days'`;
      for (const [deck, age] of [
        ['completed-100d', '100 days'],
        ['completed-31d', '31 days'],
        ['failed-8d', '8 days'],
        ['failed-6d', '6 days'],
      ] as const) {
        const job = await seedJob(tx, deck.startsWith('completed') ? 'completed' : 'failed', deck);
        await backdate(tx, job.id, age);
      }
      await tx`select talk_track_cleanup_jobs()`;
      return (await tx<{ deck_id: string }[]>`select deck_id from talk_track_jobs order by deck_id`).map(
        (r) => r.deck_id,
      );
    });
    expect(left).toEqual(['completed-31d', 'failed-6d']);
  });

  it('(f) the completion hook runs in the completing transaction, and a job completed 31 days ago keeps its result', async () => {
    const { copied, keptResult } = await rolledBack(db.sql, async (tx) => {
      // What a host writes: its own table, filled by replacing the hook.
      await tx`create table public.host_talk_tracks (job_id uuid primary key, deck_id text not null, talk_track jsonb not null)`;
      await tx`
        create or replace function public.talk_track_on_job_completed(p_job public.talk_track_jobs)
        returns void language plpgsql set search_path = '' as $$
        begin
          insert into public.host_talk_tracks (job_id, deck_id, talk_track) values (p_job.id, p_job.deck_id, p_job.result);
        end;
        $$`;
      const job = await seedJob(tx, 'completed', 'deck-hooked');
      await backdate(tx, job.id, '31 days');
      await tx`select talk_track_cleanup_jobs()`;
      const [copied] = await tx<
        { deck_id: string; talk_track: unknown }[]
      >`select deck_id, talk_track from host_talk_tracks where job_id = ${job.id}`;
      const [kept] = await tx<{ result: unknown }[]>`select result from talk_track_jobs where id = ${job.id}`;
      return { copied, keptResult: kept?.result };
    });
    expect(copied).toEqual({ deck_id: 'deck-hooked', talk_track: TALK_TRACK });
    expect(keptResult).toEqual(TALK_TRACK);
  });

  it('a hook that raises rolls the completion back: the job stays processing with its chunks', async () => {
    const { refusal, job } = await rolledBack(db.sql, async (tx) => {
      await tx`
        create or replace function public.talk_track_on_job_completed(p_job public.talk_track_jobs)
        returns void language plpgsql set search_path = '' as $$
        begin
          raise exception 'host table is full' using errcode = '53100';
        end;
        $$`;
      const running = await seedJob(tx, 'processing', 'deck-hook-fails');
      const refusal = await refusalOf(
        tx,
        (sp) => sp`select * from talk_track_complete_job(${running.id}, ${WORKER}, ${jsonb(sp, TALK_TRACK)})`,
      );
      const [job] = await tx<{ status: string; result: unknown; current_chunk: number }[]>`
        select status, result, current_chunk from talk_track_jobs where id = ${running.id}`;
      return { refusal, job };
    });
    expect(refusal).toEqual({ code: '53100' });
    expect(job).toEqual({ status: 'processing', result: null, current_chunk: 2 });
  });

  it('the original monitoring query runs unchanged and lists the latest ten jobs', async () => {
    const queries = await monitoringQueries();
    const checkJobStatus = queries.get('Check Job Status')!;
    expect(checkJobStatus).toContain(
      'SELECT id, status, progress, current_chunk, total_chunks, created_at, started_at, completed_at, error_message\nFROM talk_track_jobs ORDER BY created_at DESC LIMIT 10',
    );
    const { rows, newest } = await rolledBack(db.sql, async (tx) => {
      let newest = '';
      for (let i = 0; i < 12; i++) {
        const job = await createJob(tx, { deckId: `deck-${i}` });
        await backdate(tx, job.id, `${12 - i} minutes`);
        newest = job.id;
      }
      return { rows: await tx.unsafe(checkJobStatus), newest };
    });
    expect(rows).toHaveLength(10);
    expect(rows[0]!.id).toBe(newest);
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'status',
      'progress',
      'current_chunk',
      'total_chunks',
      'created_at',
      'started_at',
      'completed_at',
      'error_message',
    ]);
  });

  it('the stuck-jobs query finds dead workers and unclaimed jobs older than 2 minutes', async () => {
    const stuck = (await monitoringQueries()).get('Stuck Jobs')!;
    const { found, expected } = await rolledBack(db.sql, async (tx) => {
      const dead = await seedJob(tx, 'processing, lease expired', 'dead');
      const unclaimed = await createJob(tx, { deckId: 'unclaimed' });
      await backdate(tx, unclaimed.id, '3 minutes');
      await createJob(tx, { deckId: 'fresh' });
      await seedJob(tx, 'processing', 'alive');
      const rows = await tx.unsafe(stuck);
      return { found: rows.map((r) => r.id as string).sort(), expected: [dead.id, unclaimed.id].sort() };
    });
    expect(found).toEqual(expected);
  });

  it('the tokens-per-user-per-day query sums the usage ledger', async () => {
    const query = (await monitoringQueries()).get('Tokens Per User Per Day')!;
    const rows = await rolledBack(db.sql, async (tx) => {
      const a = await seedJob(tx, 'completed', 'a');
      const b = await seedJob(tx, 'failed', 'b');
      await tx`update talk_track_jobs set tokens_in = 100, tokens_out = 40, tokens_reasoning = 30, llm_calls = 2 where id = ${a.id}`;
      await tx`update talk_track_jobs set tokens_in = 10, tokens_out = 5, llm_calls = 3 where id = ${b.id}`;
      return tx.unsafe(query);
    });
    expect(
      rows.map((r) => [
        r.user_id,
        Number(r.jobs),
        Number(r.tokens_in),
        Number(r.tokens_out),
        Number(r.tokens_reasoning),
        Number(r.llm_calls),
      ]),
    ).toEqual([[OWNER, 2, 110, 45, 30, 5]]);
  });

  it('the failures query counts failed jobs by error_code', async () => {
    const failures = (await monitoringQueries()).get('Failures By Error Code')!;
    const rows = await rolledBack(db.sql, async (tx) => {
      await seedJob(tx, 'failed', 'a');
      await seedJob(tx, 'failed', 'b');
      const third = await seedJob(tx, 'processing', 'c');
      await tx`update talk_track_jobs set user_id = ${OTHER_USER} where id = ${third.id}`;
      await tx`select talk_track_fail_job(${third.id}, 'worker-1', 'llm_timeout', 'The AI service took too long', 'The LLM call timed out.')`;
      return tx.unsafe(failures);
    });
    expect(rows.map((r) => [r.error_code, Number(r.failures), r.latest_detail])).toEqual([
      ['llm_unavailable', 2, null],
      ['llm_timeout', 1, 'The LLM call timed out.'],
    ]);
  });
});
