import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '@talk-track/core';
import { readJob } from '@talk-track/testing/server';
import { DEFAULT_WORKER_CONFIG } from '@talk-track/testing/internals';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { callsForDeck } from '../support/llmCalls.ts';
import { type RouteApi, createRouteApi, isTerminal } from '../support/routeApi.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

const SLIDES = 12;

let stack: WorkerStack;
let worker: WorkerProcess;
let api: RouteApi;
beforeAll(async () => {
  stack = await startWorkerStack();
  worker = await stack.startDeno();
  // Revival at its most eager: any status read of a job that could be revived would be.
  api = createRouteApi({
    store: stack.store,
    workerUrl: worker.url,
    workerKey: stack.key,
    staleJobs: { pendingGraceMs: 0, reviveThrottleMs: 0 },
  });
});
afterAll(() => stack?.close());

const read = async (user: string, jobId: string) => (await (await api.status(user, jobId)).json()) as JobSnapshot;

describe('every error ends', () => {
  it('a model answer holding \\u0000 and a lone surrogate is cleaned and saved: the job completes, nothing regenerated', async () => {
    const title = 'Unsafe text deck';
    stack.llm.setFaults({ sequence: ['unsafe_text'] });
    const jobId = await api.startJob(stack.userId, sampleDeck(SLIDES, { id: 'deck-unsafe', title }));
    const { snapshot } = await api.poll(stack.userId, jobId, isTerminal, { intervalMs: 50 });
    stack.llm.setFaults({});

    expect(snapshot.status).toBe('completed');
    const unsafe = callsForDeck(stack.llm.stats, title).filter((call) => call.outcome === 'unsafe_text');
    expect(unsafe).toHaveLength(1);
    const script = snapshot.result!.slides[unsafe[0]!.slides![0]]!.script;
    expect(script).not.toContain('\u0000');
    expect(script).toContain('\uFFFD');
    expect(callsForDeck(stack.llm.stats, title)).toHaveLength(3);
  });

  it('(d) a save the database refuses for good (22P05) fails the job with a code within its budget; five more status reads start no LLM call', async () => {
    // What Postgres answers to a \u0000 in jsonb, raised by a trigger: the cleaning above keeps the
    // worker's own text from getting here, so this stands in for any write that can never succeed.
    await stack.db.sql.unsafe(`
      create function public.refuse_deck_refused() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from public.talk_track_jobs j where j.id = new.job_id and j.deck_id = 'deck-refused') then
          raise exception 'unsupported Unicode escape sequence' using errcode = '22P05', detail = '\\u0000 cannot be converted to text.';
        end if;
        return new;
      end $$;
      create trigger refuse_deck_refused before insert on public.talk_track_chunks for each row execute function public.refuse_deck_refused();`);
    const title = 'Refused deck';
    const user = stack.userId;
    const jobId = await api.startJob(user, sampleDeck(SLIDES, { id: 'deck-refused', title }));
    const { snapshot } = await api.poll(user, jobId, isTerminal, { intervalMs: 50 });

    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatchObject({ code: 'save_rejected' });
    const job = await readJob(stack.db.sql, jobId);
    // Within its budget: one claim, the lanes' first calls, nothing retried.
    expect(job.attempts).toBe(1);
    expect(job.llmCalls).toBeLessThanOrEqual(3);
    await stack.llm.stats.whenIdle();
    const callsAtFailure = callsForDeck(stack.llm.stats, title).length;
    const invocationsAtFailure = api.invocations.length;

    for (let i = 0; i < 5; i++)
      expect(await read(user, jobId)).toMatchObject({ status: 'failed', error: { code: 'save_rejected' } });
    expect(api.invocations).toHaveLength(invocationsAtFailure);
    await stack.llm.stats.whenIdle();
    expect(callsForDeck(stack.llm.stats, title)).toHaveLength(callsAtFailure);
    expect(await readJob(stack.db.sql, jobId)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('Retry cannot be clicked forever: the LLM calls of every run count against one budget, then the job fails with retry_budget_exhausted and Retry answers 409', async () => {
    await stack.db.sql`update talk_track_settings set max_llm_calls_per_job = 10`;
    stack.llm.setFaults({ failAll: 'server_error' });
    try {
      const title = 'Outage deck';
      const user = stack.userId;
      const jobId = await api.startJob(user, sampleDeck(SLIDES, { id: 'deck-outage', title }));
      const codes: string[] = [];
      for (let click = 0; click < 10; click++) {
        const { snapshot } = await api.poll(user, jobId, isTerminal, { intervalMs: 50 });
        codes.push(snapshot.error!.code);
        if (snapshot.error!.code === 'retry_budget_exhausted') break;
        expect((await api.retry(user, jobId)).status).toBe(200);
      }
      expect(codes.at(-1)).toBe('retry_budget_exhausted');
      expect(codes.slice(0, -1).every((code) => code === 'llm_unavailable')).toBe(true);

      const refused = await api.retry(user, jobId);
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'retry_budget_exhausted' });
      // The whole budget was spent, across the runs...
      expect(await readJob(stack.db.sql, jobId)).toMatchObject({ llmCalls: 10, errorCode: 'retry_budget_exhausted' });
      await stack.llm.stats.whenIdle();
      // ...and every call the LLM saw was one of its ten: none started past it. Fewer than ten
      // when the lane that took the last slot was stopped before its request went out (another
      // lane found the budget spent and failed the job, which ends the run's calls). That lane
      // held no slot, so at most the other lanes' went unsent.
      const calls = callsForDeck(stack.llm.stats, title).length;
      expect(calls).toBeLessThanOrEqual(10);
      expect(calls).toBeGreaterThanOrEqual(10 - (DEFAULT_WORKER_CONFIG.chunkConcurrency - 1));
    } finally {
      stack.llm.setFaults({});
      await stack.db.sql`update talk_track_settings set max_llm_calls_per_job = default`;
    }
  });
});
