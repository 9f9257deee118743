import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OTHER_USER, OWNER } from './support/identities.ts';
import { claim, createJob, seedJob } from './support/jobFixtures.ts';
import { refusalOf, rolledBack } from './support/pgTest.ts';

describe('one active job per user and deck', () => {
  const db = useTestDatabase();

  it.each(['pending', 'processing'] as const)(
    'a second job while one is %s → TT409 with the active id in DETAIL',
    async (state) => {
      const { active, refusal, count } = await rolledBack(db.sql, async (tx) => {
        const active = await seedJob(tx, state);
        const refusal = await refusalOf(tx, (sp) => createJob(sp));
        const [counted] = await tx<{ n: number }[]>`select count(*)::int as n from talk_track_jobs`;
        return { active, refusal, count: counted!.n };
      });
      expect(refusal).toEqual({ code: 'TT409', detail: active.id });
      expect(count).toBe(1);
    },
  );

  it('other decks and other users are independent', async () => {
    const jobs = await rolledBack(db.sql, async (tx) => [
      await createJob(tx, { deckId: 'deck-1' }),
      await createJob(tx, { deckId: 'deck-2' }),
      await createJob(tx, { deckId: 'deck-1', userId: OTHER_USER }),
    ]);
    expect(jobs.map((job) => job.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it.each(['completed', 'failed', 'cancelled'] as const)(
    'after the job is %s, a new job for the deck is allowed',
    async (state) => {
      const { old, fresh } = await rolledBack(db.sql, async (tx) => ({
        old: await seedJob(tx, state),
        fresh: await createJob(tx),
      }));
      expect(fresh.id).not.toBe(old.id);
      expect(fresh.status).toBe('pending');
    },
  );

  it('the same idempotency key returns the same job, whatever happened to it since', async () => {
    const { first, again, afterCancel, count } = await rolledBack(db.sql, async (tx) => {
      const first = await createJob(tx, { idempotencyKey: 'start-1' });
      const again = await createJob(tx, { idempotencyKey: 'start-1' });
      await tx`select * from talk_track_cancel_job(${first.id}, ${OWNER})`;
      const afterCancel = await createJob(tx, { idempotencyKey: 'start-1' });
      const [counted] = await tx<{ n: number }[]>`select count(*)::int as n from talk_track_jobs`;
      return { first, again, afterCancel, count: counted!.n };
    });
    expect(again.id).toBe(first.id);
    expect(afterCancel).toMatchObject({ id: first.id, status: 'cancelled' });
    expect(count).toBe(1);
  });

  it('idempotency keys belong to a user', async () => {
    const [mine, theirs] = await rolledBack(db.sql, async (tx) => [
      await createJob(tx, { idempotencyKey: 'start-1' }),
      await createJob(tx, { idempotencyKey: 'start-1', userId: OTHER_USER }),
    ]);
    expect(theirs!.id).not.toBe(mine!.id);
    expect(theirs!.user_id).toBe(OTHER_USER);
  });

  it('retrying while another job for the deck is active → TT409 with that job’s id', async () => {
    const { active, refusal } = await rolledBack(db.sql, async (tx) => {
      const cancelled = await seedJob(tx, 'cancelled');
      const active = await createJob(tx);
      await claim(tx, active.id);
      const refusal = await refusalOf(tx, (sp) => sp`select * from talk_track_retry_job(${cancelled.id}, ${OWNER})`);
      return { active, refusal };
    });
    expect(refusal).toEqual({ code: 'TT409', detail: active.id });
  });

  it('refuses input that is not a deck, and a plan that does not match the slides', async () => {
    const refusals = await rolledBack(db.sql, async (tx) => [
      await refusalOf(
        tx,
        (sp) => sp`select talk_track_create_job(${OWNER}, 'd', ${sp.json({ title: 'no slides' })}, 1, 1)`,
      ),
      // 3 slides in chunks of 2 make 2 chunks, not 3.
      await refusalOf(
        tx,
        (sp) => sp`
        select talk_track_create_job(${OWNER}, 'd', ${sp.json({ slides: [{}, {}, {}] })}, 2, 3)`,
      ),
    ]);
    expect(refusals.map((r) => r?.code)).toEqual(['22023', '23514']);
  });
});
