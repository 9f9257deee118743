import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OTHER_USER } from './support/identities.ts';
import { backdate, claim, createJob, expireLease, seedJob } from './support/jobFixtures.ts';
import { rolledBack, type Tx } from './support/pgTest.ts';

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
  const rows = await tx<{ id: string }[]>`select id from talk_track_find_stale_jobs(${graceSeconds}, ${limit}) as id`;
  return rows.map((r) => r.id);
}

describe('stale sweep, cleanup and monitoring', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('find_stale_jobs: processing with an expired lease, and pending past the grace, oldest first', async () => {
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

  it('cleanup_jobs deletes finished jobs (with their chunks) older than the cut-off, nothing else', async () => {
    const { deleted, left, orphanChunks, deletedWithShortCutoff } = await rolledBack(db.sql, async (tx) => {
      for (const state of ['completed', 'failed', 'cancelled'] as const) {
        const old = await seedJob(tx, state, `old-${state}`);
        await backdate(tx, old.id, '31 days');
      }
      await seedJob(tx, 'completed', 'recent-completed');
      const oldPending = await createJob(tx, { deckId: 'old-pending' });
      await backdate(tx, oldPending.id, '60 days');
      const oldRunning = await createJob(tx, { deckId: 'old-running' });
      await claim(tx, oldRunning.id);
      await expireLease(tx, oldRunning.id);
      await backdate(tx, oldRunning.id, '60 days');

      const [cleanup] = await tx<{ deleted: number }[]>`select talk_track_cleanup_jobs() as deleted`;
      const left = await tx<{ deck_id: string }[]>`select deck_id from talk_track_jobs order by deck_id`;
      const [orphans] = await tx<{ n: number }[]>`
        select count(*)::int as n from talk_track_chunks c where not exists (select 1 from talk_track_jobs j where j.id = c.job_id)`;
      const [short] = await tx<{ deleted: number }[]>`select talk_track_cleanup_jobs(interval '0 seconds') as deleted`;
      return { deleted: cleanup!.deleted, left: left.map((r) => r.deck_id), orphanChunks: orphans!.n, deletedWithShortCutoff: short!.deleted };
    });
    expect(deleted).toBe(3);
    expect(left).toEqual(['old-pending', 'old-running', 'recent-completed']);
    expect(orphanChunks).toBe(0);
    expect(deletedWithShortCutoff).toBe(0); // recent-completed finished in this very transaction: not older than now()
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
      'id', 'status', 'progress', 'current_chunk', 'total_chunks', 'created_at', 'started_at', 'completed_at', 'error_message',
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

  it('the failures query counts failed jobs by error_code', async () => {
    const failures = (await monitoringQueries()).get('Failures By Error Code')!;
    const rows = await rolledBack(db.sql, async (tx) => {
      await seedJob(tx, 'failed', 'a');
      await seedJob(tx, 'failed', 'b');
      const third = await seedJob(tx, 'processing', 'c');
      await tx`update talk_track_jobs set user_id = ${OTHER_USER} where id = ${third.id}`;
      await tx`select talk_track_fail_job(${third.id}, 'worker-1', 'llm_timeout', 'The AI service took too long')`;
      return tx.unsafe(failures);
    });
    expect(rows.map((r) => [r.error_code, Number(r.failures)])).toEqual([
      ['llm_unavailable', 2],
      ['llm_timeout', 1],
    ]);
  });
});
