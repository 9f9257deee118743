import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OWNER } from './support/identities.ts';
import { deckInput, type JobRow } from './support/jobFixtures.ts';

// These cases need real commits seen by other sessions, so they cannot run inside one rolled-back
// transaction; each uses its own deck ids in this file's private database instead.
const CONTENDERS = 10;

describe('concurrent sessions', () => {
  const db = useTestDatabase();
  let sessions: postgres.Sql[];
  beforeAll(async () => {
    sessions = Array.from({ length: CONTENDERS }, () =>
      postgres(db.url, { max: 1, prepare: false, onnotice: () => {} }),
    );
    // Connect every session up front, so the calls below really overlap.
    await Promise.all(sessions.map((session) => session`select 1`));
  });
  afterAll(async () => {
    await Promise.all((sessions ?? []).map((session) => session.end()));
  });

  async function createJob(
    session: postgres.Sql | postgres.TransactionSql,
    deckId: string,
    idempotencyKey: string | null = null,
  ): Promise<JobRow> {
    const [row] = await session<JobRow[]>`
      select (r.job).* from talk_track_create_job(${OWNER}, ${deckId}, ${session.json(deckInput(deckId, 2))}, 1, 2, ${idempotencyKey}) r`;
    return row!;
  }

  /**
   * Runs `call` on every session at once: each opens a transaction and waits until all have,
   * so the calls race for the same row instead of queueing politely.
   */
  async function race<T>(
    call: (tx: postgres.TransactionSql, index: number) => Promise<T>,
  ): Promise<PromiseSettledResult<T>[]> {
    let arrived = 0;
    let release!: () => void;
    const allArrived = new Promise<void>((resolve) => (release = resolve));
    return Promise.allSettled(
      sessions.map((session, index) =>
        session.begin(async (tx) => {
          await tx`select 1`;
          if (++arrived === CONTENDERS) release();
          await allArrived;
          return call(tx, index);
        }),
      ),
    ) as Promise<PromiseSettledResult<T>[]>;
  }

  it(`${CONTENDERS} concurrent claims of one job: exactly one gets it`, async () => {
    const job = await createJob(db.sql, 'claim-race');
    const results = await race(async (tx, index) => {
      const rows = await tx<JobRow[]>`select * from talk_track_claim_job(${job.id}, ${`worker-${index}`}, 30)`;
      return rows.length;
    });
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const rowsBack = results.map((r) => (r as PromiseFulfilledResult<number>).value);
    expect(rowsBack.filter((n) => n === 1)).toHaveLength(1);
    expect(rowsBack.filter((n) => n === 0)).toHaveLength(CONTENDERS - 1);
    const [after] = await db.sql<JobRow[]>`select * from talk_track_jobs where id = ${job.id}`;
    expect(after).toMatchObject({ status: 'processing', attempts: 1 });
    expect(after!.lease_owner).toBe(`worker-${rowsBack.indexOf(1)}`);
  });

  it(`${CONTENDERS} concurrent starts for one deck: one job, the rest TT409 naming it`, async () => {
    const results = await race((tx) => createJob(tx, 'start-race'));
    const created = results.filter((r): r is PromiseFulfilledResult<JobRow> => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(created).toHaveLength(1);
    expect(refused.map((r) => [r.reason.code, r.reason.detail])).toEqual(
      Array.from({ length: CONTENDERS - 1 }, () => ['TT409', created[0]!.value.id]),
    );
  });

  it(`${CONTENDERS} concurrent starts with one idempotency key: all get the same job`, async () => {
    const results = await race((tx) => createJob(tx, 'key-race', 'same-key'));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<JobRow>).value.id));
    expect(ids.size).toBe(1);
    const [counted] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from talk_track_jobs where deck_id = 'key-race'`;
    expect(counted!.n).toBe(1);
  });
});
