import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OWNER } from './support/identities.ts';
import {
  OTHER_WORKER,
  WORKER,
  claim,
  claimedInOrder,
  createJob,
  expireLease,
  readJob,
  seedJob,
} from './support/jobFixtures.ts';
import { refusalOf, rolledBack, type Tx } from './support/pgTest.ts';

interface Decision {
  decision: 'go' | 'wait' | 'stop';
  slot_id: string | null;
  ahead: number | null;
}

async function ask(tx: Tx, jobId: string, owner = WORKER, lanes = 3): Promise<Decision> {
  const [row] = await tx<Decision[]>`select * from talk_track_begin_llm_call(${jobId}, ${owner}, ${lanes}, 60)`;
  return row!;
}

/** Asks for a slot and gives it back at once: one LLM call, as far as the budget is concerned. */
async function beginCall(tx: Tx, jobId: string, owner = WORKER): Promise<boolean> {
  const answer = await ask(tx, jobId, owner);
  if (answer.slot_id !== null) await tx`select talk_track_end_llm_call(${answer.slot_id})`;
  return answer.decision === 'go';
}

describe("the job's budgets: LLM calls and claims", () => {
  const db = useTestDatabase();

  it('begin_llm_call spends one call under a live lease, and refuses without one', async () => {
    const { answers, job } = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx);
      await claim(tx, job.id);
      const answers = [
        await beginCall(tx, job.id),
        await beginCall(tx, job.id),
        await beginCall(tx, job.id, OTHER_WORKER),
      ];
      await tx`select * from talk_track_cancel_job(${job.id}, ${OWNER})`;
      answers.push(await beginCall(tx, job.id));
      return { answers, job: await readJob(tx, job.id) };
    });
    expect(answers).toEqual([true, true, false, false]);
    expect(job).toMatchObject({ status: 'cancelled', llm_calls: 2 });
  });

  it('past max_llm_calls_per_job the job fails with retry_budget_exhausted, and Retry cannot reset it (TT403)', async () => {
    const { answers, failed, retry } = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_llm_calls_per_job = 3`;
      const job = await createJob(tx);
      await claim(tx, job.id);
      const answers: boolean[] = [];
      for (let i = 0; i < 4; i++) answers.push(await beginCall(tx, job.id));
      const failed = await readJob(tx, job.id);
      const retry = await refusalOf(tx, (sp) => sp`select * from talk_track_retry_job(${job.id}, ${OWNER})`);
      return { answers, failed, retry };
    });
    expect(answers).toEqual([true, true, true, false]);
    expect(failed).toMatchObject({
      status: 'failed',
      error_code: 'retry_budget_exhausted',
      llm_calls: 3,
      lease_owner: null,
    });
    expect(failed.error_message).toMatch(/3 LLM calls/);
    expect(retry).toEqual({ code: 'TT403', detail: '3' });
  });

  it('a run that fails the job after spending the budget fails it as over budget, not as retryable', async () => {
    const job = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_llm_calls_per_job = 2`;
      const created = await createJob(tx);
      await claim(tx, created.id);
      await beginCall(tx, created.id);
      await beginCall(tx, created.id);
      await tx`select * from talk_track_fail_job(${created.id}, ${WORKER}, 'llm_unavailable', 'press Retry')`;
      return readJob(tx, created.id);
    });
    expect(job).toMatchObject({ status: 'failed', error_code: 'retry_budget_exhausted' });
  });

  it("calls spent before a Retry count after it: the budget is the job's, across retries", async () => {
    const answers = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_llm_calls_per_job = 3`;
      const job = await seedJob(tx, 'processing');
      await beginCall(tx, job.id);
      await beginCall(tx, job.id);
      await tx`select * from talk_track_fail_job(${job.id}, ${WORKER}, 'llm_unavailable', 'down')`;
      await tx`select * from talk_track_retry_job(${job.id}, ${OWNER})`;
      await claim(tx, job.id);
      return [await beginCall(tx, job.id), await beginCall(tx, job.id)];
    });
    expect(answers).toEqual([true, false]);
  });

  it('a job that took max_claims_per_job claims is failed by the next claim (claim_limit_reached), never claimed again', async () => {
    const { claims, job } = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_claims_per_job = 2`;
      const created = await createJob(tx);
      const claims = [];
      for (let i = 0; i < 3; i++) {
        claims.push((await claim(tx, created.id, `worker-${i}`))?.status ?? null);
        await expireLease(tx, created.id);
      }
      return { claims, job: await readJob(tx, created.id) };
    });
    expect(claims).toEqual(['processing', 'processing', null]);
    expect(job).toMatchObject({ status: 'failed', error_code: 'claim_limit_reached', attempts: 2 });
  });

  it("a job gets at most its lanes of slots; a cancelled run's slots hold the retried job back until they are given back", async () => {
    const { first, blocked, afterEnd } = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx);
      await claim(tx, job.id);
      const first = [await ask(tx, job.id, WORKER, 2), await ask(tx, job.id, WORKER, 2)];
      await tx`select * from talk_track_cancel_job(${job.id}, ${OWNER})`;
      await tx`select * from talk_track_retry_job(${job.id}, ${OWNER})`;
      await claim(tx, job.id, OTHER_WORKER);
      const blocked = await ask(tx, job.id, OTHER_WORKER, 2);
      for (const slot of first) await tx`select talk_track_end_llm_call(${slot.slot_id})`;
      return { first, blocked, afterEnd: await ask(tx, job.id, OTHER_WORKER, 2) };
    });
    expect(first.map((d) => d.decision)).toEqual(['go', 'go']);
    expect(blocked).toMatchObject({ decision: 'wait', slot_id: null });
    expect(afterEnd.decision).toBe('go');
  });

  it("taking over an expired lease frees the previous owner's slots for the job, and only for it", async () => {
    const { dead, resumed, otherJobSlots } = await rolledBack(db.sql, async (tx) => {
      const job = await createJob(tx);
      const other = await createJob(tx, { deckId: 'deck-other' });
      await claim(tx, job.id);
      await claim(tx, other.id);
      const dead = await ask(tx, job.id, WORKER, 1);
      await ask(tx, other.id, WORKER, 1);
      // The worker died mid-call: its slot was never given back, and its lease ran out.
      await expireLease(tx, job.id);
      await claim(tx, job.id, OTHER_WORKER);
      const [slots] = await tx<
        { count: number }[]
      >`select count(*)::int as count from talk_track_llm_slots where job_id = ${other.id}`;
      return { dead, resumed: await ask(tx, job.id, OTHER_WORKER, 1), otherJobSlots: slots!.count };
    });
    expect(dead.decision).toBe('go');
    expect(resumed.decision).toBe('go');
    expect(otherJobSlots).toBe(1);
  });

  it('max_llm_calls_in_flight bounds slots across jobs; waiting jobs learn their place in line', async () => {
    const { decisions, places } = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_llm_calls_in_flight = 2`;
      const jobs = await claimedInOrder(
        tx,
        [0, 1, 2, 3].map((i) => ({ deckId: `deck-${i}` })),
      );
      const answers = [];
      for (const job of jobs) answers.push(await ask(tx, job.id));
      return { decisions: answers.map((a) => a.decision), places: answers.map((a) => a.ahead) };
    });
    expect(decisions).toEqual(['go', 'go', 'wait', 'wait']);
    expect(places).toEqual([0, 0, 0, 1]);
  });

  it('first come, first served: a freed slot goes to the job that started first, even when a later one asks first', async () => {
    const answers = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_llm_calls_in_flight = 2`;
      const [holder, other, first, later] = await claimedInOrder(
        tx,
        [0, 1, 2, 3].map((i) => ({ deckId: `deck-${i}` })),
      );
      const held = await ask(tx, holder!.id);
      await ask(tx, other!.id);
      await ask(tx, first!.id);
      await ask(tx, later!.id);
      await tx`select talk_track_end_llm_call(${held.slot_id})`;
      // One slot is free and `first` started before `later`: it is kept for `first`.
      const laterAsksFirst = await ask(tx, later!.id);
      const firstAsks = await ask(tx, first!.id);
      return { laterAsksFirst, firstAsks };
    });
    expect(answers.laterAsksFirst).toMatchObject({ decision: 'wait', ahead: 1 });
    expect(answers.firstAsks).toMatchObject({ decision: 'go', ahead: 0 });
  });

  it('a job whose lease ran out (its worker died) holds no place in line', async () => {
    const answer = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_llm_calls_in_flight = 1`;
      const [holder, dead, next] = await claimedInOrder(
        tx,
        [0, 1, 2].map((i) => ({ deckId: `deck-${i}` })),
      );
      const held = await ask(tx, holder!.id);
      await ask(tx, dead!.id);
      await ask(tx, next!.id);
      await expireLease(tx, dead!.id);
      await tx`select talk_track_end_llm_call(${held.slot_id})`;
      return ask(tx, next!.id);
    });
    expect(answer).toMatchObject({ decision: 'go', ahead: 0 });
  });

  it('save_chunk writes the usage ledger per chunk and per job, reasoning apart, and the response format; a duplicate save adds nothing', async () => {
    const { job, chunks } = await rolledBack(db.sql, async (tx) => {
      const created = await createJob(tx);
      await claim(tx, created.id);
      const output = tx.json({ slides: [], opening: null, closing: null });
      await tx`select * from talk_track_save_chunk(${created.id}, ${WORKER}, 0, ${output}, 120, 80, 50, 'json_object')`;
      await tx`select * from talk_track_save_chunk(${created.id}, ${WORKER}, 0, ${output}, 999, 999, 999, 'json_schema')`;
      // An older caller (no reasoning, no format) still saves, and leaves the job's format as it was.
      await tx`select * from talk_track_save_chunk(${created.id}, ${WORKER}, 1, ${output}, 100, 60)`;
      const chunks = await tx<
        {
          chunk_index: number;
          tokens_in: number;
          tokens_out: number;
          tokens_reasoning: number;
          response_format: string | null;
        }[]
      >`
        select chunk_index, tokens_in, tokens_out, tokens_reasoning, response_format from talk_track_chunks where job_id = ${created.id} order by chunk_index`;
      return { job: await readJob(tx, created.id), chunks };
    });
    expect(chunks).toEqual([
      { chunk_index: 0, tokens_in: 120, tokens_out: 80, tokens_reasoning: 50, response_format: 'json_object' },
      { chunk_index: 1, tokens_in: 100, tokens_out: 60, tokens_reasoning: 0, response_format: null },
    ]);
    expect({
      tokensIn: Number(job.tokens_in),
      tokensOut: Number(job.tokens_out),
      tokensReasoning: Number(job.tokens_reasoning),
      format: job.response_format,
    }).toEqual({
      tokensIn: 220,
      tokensOut: 140,
      tokensReasoning: 50,
      format: 'json_object',
    });
  });

  it('refuses reasoning tokens above the completion tokens they are part of', async () => {
    const refusal = await rolledBack(db.sql, async (tx) => {
      const created = await createJob(tx);
      await claim(tx, created.id);
      const output = tx.json({ slides: [], opening: null, closing: null });
      return refusalOf(
        tx,
        (sp) => sp`select * from talk_track_save_chunk(${created.id}, ${WORKER}, 0, ${output}, 100, 60, 61)`,
      );
    });
    expect(refusal?.code).toBe('23514');
  });
});
