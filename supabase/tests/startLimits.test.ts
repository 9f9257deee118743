import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OTHER_USER, OWNER } from './support/identities.ts';
import { WORKER, backdate, claim, createJob, seedJob } from './support/jobFixtures.ts';
import { refusalOf, rolledBack, type Tx } from './support/pgTest.ts';

/** The test template lifts the per-user limits (tooling/src/testing/globalSetup.ts); these cases put the migration's defaults back. */
async function defaultLimits(tx: Tx): Promise<void> {
  await tx`update talk_track_settings set max_active_jobs_per_user = default, max_starts_per_window = default, start_window = default`;
}

function detailOf(refusal: { code: string; detail?: string } | null): unknown {
  return refusal?.detail === undefined ? refusal : { code: refusal.code, detail: JSON.parse(refusal.detail) };
}

describe('per-user start limits (talk_track_settings)', () => {
  const db = useTestDatabase();

  it('defaults: 2 active jobs per user; the third start → TT429 too_many_active_jobs; another user still starts', async () => {
    const { refusal, other, count } = await rolledBack(db.sql, async (tx) => {
      await defaultLimits(tx);
      await createJob(tx, { deckId: 'deck-1' });
      const running = await createJob(tx, { deckId: 'deck-2' });
      await claim(tx, running.id);
      const refusal = await refusalOf(tx, (sp) => createJob(sp, { deckId: 'deck-3' }));
      const other = await createJob(tx, { deckId: 'deck-3', userId: OTHER_USER });
      const [counted] = await tx<
        { n: number }[]
      >`select count(*)::int as n from talk_track_jobs where user_id = ${OWNER}`;
      return { refusal, other, count: counted!.n };
    });
    expect(detailOf(refusal)).toEqual({
      code: 'TT429',
      detail: { code: 'too_many_active_jobs', retryAfterSeconds: 30, limit: 2 },
    });
    expect(other.status).toBe('pending');
    expect(count).toBe(2);
  });

  it("a finished job frees its place; the deck's own active job still answers TT409 at the cap", async () => {
    const { third, sameDeck } = await rolledBack(db.sql, async (tx) => {
      await defaultLimits(tx);
      const first = await createJob(tx, { deckId: 'deck-1' });
      await createJob(tx, { deckId: 'deck-2' });
      const sameDeck = await refusalOf(tx, (sp) => createJob(sp, { deckId: 'deck-1' }));
      await tx`select * from talk_track_cancel_job(${first.id}, ${OWNER})`;
      return { third: await createJob(tx, { deckId: 'deck-3' }), sameDeck };
    });
    expect(sameDeck?.code).toBe('TT409');
    expect(third.status).toBe('pending');
  });

  it('defaults: 20 starts per hour; the 21st → TT429 too_many_starts, retry after the oldest start leaves the window', async () => {
    const { refusal, afterWindow } = await rolledBack(db.sql, async (tx) => {
      await defaultLimits(tx);
      for (let i = 0; i < 20; i++) {
        const job = await createJob(tx, { deckId: `deck-${i}` });
        await tx`select * from talk_track_cancel_job(${job.id}, ${OWNER})`;
        // The oldest start is 50 minutes old: it leaves the hour in 10 minutes.
        await backdate(tx, job.id, i === 0 ? '50 minutes' : '1 minute');
      }
      const refusal = await refusalOf(tx, (sp) => createJob(sp, { deckId: 'deck-20' }));
      await tx`update talk_track_jobs set created_at = created_at - interval '11 minutes' where deck_id = 'deck-0'`;
      return { refusal, afterWindow: await createJob(tx, { deckId: 'deck-20' }) };
    });
    expect(refusal?.code).toBe('TT429');
    const detail = JSON.parse(refusal!.detail!) as { code: string; retryAfterSeconds: number; limit: number };
    expect(detail).toMatchObject({ code: 'too_many_starts', limit: 20 });
    expect(detail.retryAfterSeconds).toBeGreaterThan(9 * 60);
    expect(detail.retryAfterSeconds).toBeLessThanOrEqual(10 * 60);
    expect(afterWindow.status).toBe('pending');
  });

  it('a replayed start (same idempotency key) is not a new start: answered with created = false even at the limit', async () => {
    const answers = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_starts_per_window = 1`;
      const call = () => tx<{ id: string; created: boolean }[]>`
        select (r.job).id, r.created from talk_track_create_job(${OWNER}, 'deck-1', ${tx.json({ slides: [{}, {}] })}, 1, 2, 'key-1') r`;
      return [(await call())[0]!, (await call())[0]!];
    });
    expect(answers[0]!.created).toBe(true);
    expect(answers[1]).toEqual({ id: answers[0]!.id, created: false });
  });

  it('a retry makes a job active, so it counts against the active cap (but not the starts)', async () => {
    const refusal = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_active_jobs_per_user = 1, max_starts_per_window = 2`;
      const failed = await seedJob(tx, 'failed', 'deck-failed');
      await createJob(tx, { deckId: 'deck-2' });
      return refusalOf(tx, (sp) => sp`select * from talk_track_retry_job(${failed.id}, ${OWNER})`);
    });
    expect(detailOf(refusal)).toEqual({
      code: 'TT429',
      detail: { code: 'too_many_active_jobs', retryAfterSeconds: 30, limit: 1 },
    });
  });

  it("an optional daily token budget refuses new starts once today's jobs used it", async () => {
    const refusal = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set daily_token_budget_per_user = 1000`;
      const job = await seedJob(tx, 'completed', 'deck-1');
      await tx`update talk_track_jobs set tokens_in = 700, tokens_out = 300 where id = ${job.id}`;
      return refusalOf(tx, (sp) => createJob(sp, { deckId: 'deck-2' }));
    });
    expect(refusal?.code).toBe('TT429');
    expect(JSON.parse(refusal!.detail!)).toMatchObject({ code: 'daily_token_budget_exceeded', limit: 1000 });
  });

  it('the daily token budget counts reasoning tokens: they are billed as completion tokens', async () => {
    const refusal = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set daily_token_budget_per_user = 1000`;
      const job = await seedJob(tx, 'completed', 'deck-1');
      // 100 in, 900 out of which 850 were thinking: 1 000 billed, the budget spent.
      await tx`update talk_track_jobs set tokens_in = 100, tokens_out = 900, tokens_reasoning = 850 where id = ${job.id}`;
      return refusalOf(tx, (sp) => createJob(sp, { deckId: 'deck-2' }));
    });
    expect(refusal?.code).toBe('TT429');
    expect(JSON.parse(refusal!.detail!)).toMatchObject({ code: 'daily_token_budget_exceeded', limit: 1000 });
  });

  it('the daily token budget counts calls billed whose answer was not kept (a job that failed with no chunk saved)', async () => {
    const refusal = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set daily_token_budget_per_user = 1000`;
      const job = await createJob(tx, { deckId: 'deck-1' });
      await claim(tx, job.id);
      // Two answers cut off at a 350-token ceiling, all of it reasoning: nothing kept, 1 000 billed.
      await tx`select talk_track_record_billed_usage(${job.id}, ${WORKER}, 300, 700, 700)`;
      await tx`select * from talk_track_fail_job(${job.id}, ${WORKER}, 'llm_token_limit', 'Out of room')`;
      return refusalOf(tx, (sp) => createJob(sp, { deckId: 'deck-2' }));
    });
    expect(refusal?.code).toBe('TT429');
    expect(JSON.parse(refusal!.detail!)).toMatchObject({ code: 'daily_token_budget_exceeded', limit: 1000 });
  });

  it('the settings row cannot be deleted (a missing row would stop every start)', async () => {
    const refusal = await rolledBack(db.sql, (tx) => refusalOf(tx, (sp) => sp`delete from talk_track_settings`));
    expect(refusal?.code).toBe('55000');
  });
});
