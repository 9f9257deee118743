/**
 * 1. Create latency: 50 concurrent clients posting decks to the route handler, against a bare
 * `INSERT` of the same row through the same pool, in the same run.
 *
 * Real parts: the route handler (`createTalkTrackHandler`) over the postgres.js store on an
 * embedded Postgres with the migration; the edge function under Deno, invoked over loopback HTTP
 * by the real invoker. The worker claims each job and starts generating against the local LLM,
 * whose answers never come within the run: generation is started, never awaited. Requests go to
 * the handler in-process (`handler.POST(request)`, as Next.js calls it), so the figures are the
 * handler's and carry no HTTP server of ours.
 */
import { randomUUID } from 'node:crypto';
import {
  createEdgeFunctionInvoker,
  createPostgresJobStore,
  createTalkTrackHandler,
  type TalkTrackHandler,
  type WorkerInvoker,
} from '@talk-track/server';
import { DEFAULT_CHUNK_SIZE, planChunks, DEFAULT_INVOKE_WAIT_MS } from '@talk-track/testing/internals';
import { sampleDeck } from '../tooling/src/llm/sampleDeck.ts';
import { startLlmServer } from '../tooling/src/llm/startLlmServer.ts';
import { startWorker } from '../tooling/src/worker/startWorker.ts';
import { progress, runIfMain } from './support/benchmark.ts';
import { startBenchDatabase } from './support/benchDatabase.ts';
import { summarize, type LatencySummary } from './support/percentiles.ts';
import { ms, ratio, verdict, type BenchReport, type BenchRow } from './support/table.ts';
import { BENCH_API_BASE, BENCH_USER_HEADER, benchUserId } from './support/benchUser.ts';

const ID = 'createLatency';
const CLIENTS = 50;
/** Starts per client per block. Blocks of each variant alternate, so machine noise hits them alike. */
const STARTS_PER_CLIENT = 4;
const ROUNDS = 3;
/** One client at a time: the handler's own cost, without queueing. */
const SEQUENTIAL_STARTS = 200;
/** A large, ordinary deck (the generation benchmark's size): ~5.6 KB of JSON. */
const SLIDES = 55;
const GOAL_P95_MS = 50;
const GOAL_RATIO = 3;
/** Longer than the run: the worker's LLM calls stay in flight, so no job finishes or fails while we measure. */
const LLM_LATENCY_MS = 600_000;
/** How long the worker may take to reach its first LLM call for every job of a block before the next block starts anyway. */
const SETTLE_TIMEOUT_MS = 30_000;
/** postgres.js' default pool, as a host would create it. */
const POOL_SIZE = 10;

type Variant = 'insert' | 'create' | 'createNotAwaited' | 'createNoWorker';

export async function createLatency(): Promise<BenchReport> {
  progress(ID, 'starting Postgres, the local LLM and the edge function under Deno');
  const db = await startBenchDatabase({ poolSize: POOL_SIZE });
  const llm = await startLlmServer({ latencyMs: LLM_LATENCY_MS });
  const key = `sb_secret_${randomUUID().replaceAll('-', '')}`;
  const worker = await startWorker({
    env: {
      SUPABASE_DB_URL: db.url,
      OPENAI_API_KEY: 'sk-local-bench',
      OPENAI_BASE_URL: llm.url,
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: key }),
      TALK_TRACK_LLM_TIMEOUT_MS: String(LLM_LATENCY_MS),
      // A parked job must cost nothing while later blocks run: one call in flight per job, and a
      // lease long enough that no heartbeat falls inside the run.
      TALK_TRACK_CHUNK_CONCURRENCY: '1',
      TALK_TRACK_LEASE_SECONDS: '3600',
    },
  });
  const logged: string[] = [];
  const handlerWith = (invoker: WorkerInvoker, invokeWaitMs?: number) =>
    createTalkTrackHandler({
      store: createPostgresJobStore(db.sql),
      getUserId: benchUserId,
      worker: invoker,
      invokeWaitMs,
      logger: { info: () => {}, warn: (message) => logged.push(message), error: (message) => logged.push(message) },
    });
  const invoker = createEdgeFunctionInvoker({ url: worker.url, key });
  const handlers: Record<Exclude<Variant, 'insert'>, TalkTrackHandler> = {
    create: handlerWith(invoker),
    createNotAwaited: handlerWith(invoker, 0),
    createNoWorker: handlerWith({ invoke: async () => {} }),
  };
  const deck = sampleDeck(SLIDES);
  const chunkStarts = planChunks(deck.slides).map((chunk) => chunk.start);
  const users = Array.from({ length: CLIENTS }, () => randomUUID());
  let serial = 0;

  const one = async (variant: Variant, client: number): Promise<number> => {
    const row = { ...deck, id: `deck-${serial++}` };
    if (variant === 'insert') {
      const started = performance.now();
      await db.sql`
        insert into public.talk_track_jobs (user_id, deck_id, input, chunk_size, total_chunks, slide_count, chunk_starts)
        values (${users[client]!}, ${row.id}, ${db.sql.json(row as never)}, ${DEFAULT_CHUNK_SIZE}, ${chunkStarts.length}, ${SLIDES}, ${chunkStarts}::int[])`;
      return performance.now() - started;
    }
    const request = new Request(BENCH_API_BASE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [BENCH_USER_HEADER]: users[client]! },
      body: JSON.stringify({ deck: row }),
    });
    const started = performance.now();
    const response = await handlers[variant].POST(request);
    await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 201) throw new Error(`create answered ${response.status}`);
    return elapsed;
  };
  let invoked = 0;
  /** Waits until the worker has reached the LLM for every job invoked so far, so no block pays for the previous one's tail. */
  const settle = async () => {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (llm.stats.totalCalls < invoked && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const block = async (variant: Variant, samples: number[]) => {
    await Promise.all(
      users.map(async (_, client) => {
        for (let i = 0; i < STARTS_PER_CLIENT; i++) samples.push(await one(variant, client));
      }),
    );
    if (variant === 'create' || variant === 'createNotAwaited') invoked += CLIENTS * STARTS_PER_CLIENT;
    await settle();
  };
  const sequential = async (variant: Variant, samples: number[]) => {
    for (let i = 0; i < SEQUENTIAL_STARTS; i++) samples.push(await one(variant, i % CLIENTS));
  };

  try {
    const variants: Variant[] = ['insert', 'create', 'createNotAwaited', 'createNoWorker'];
    progress(ID, 'warming up');
    await db.warmPool();
    for (const variant of variants) await block(variant, []);
    const samples = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<
      Variant,
      number[]
    >;
    for (let round = 1; round <= ROUNDS; round++) {
      progress(ID, `round ${round} of ${ROUNDS}`);
      for (const variant of variants) await block(variant, samples[variant]);
    }
    progress(ID, 'one client at a time');
    const alone = { insert: [] as number[], createNoWorker: [] as number[] };
    await sequential('insert', alone.insert);
    await sequential('createNoWorker', alone.createNoWorker);

    const [claimed] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from public.talk_track_jobs where attempts > 0`;
    const failed = logged.filter((line) => /Could not invoke/.test(line)).length;
    return report({
      concurrent: Object.fromEntries(variants.map((variant) => [variant, summarize(samples[variant])])) as Record<
        Variant,
        LatencySummary
      >,
      alone: { insert: summarize(alone.insert), createNoWorker: summarize(alone.createNoWorker) },
      claimed: claimed!.n,
      failedInvocations: failed,
    });
  } finally {
    worker.kill('SIGTERM');
    await worker.exited;
    await llm.close();
    await db.close();
  }
}

interface Figures {
  concurrent: Record<Variant, LatencySummary>;
  alone: { insert: LatencySummary; createNoWorker: LatencySummary };
  claimed: number;
  failedInvocations: number;
}

function report(figures: Figures): BenchReport {
  const { concurrent: c, alone } = figures;
  const insert = c.insert;
  const judged = (label: string, s: LatencySummary): BenchRow[] => [
    {
      measure: `${label} p50`,
      value: ms(s.p50),
      baseline: `INSERT ${ms(insert.p50)}`,
      ratio: ratio(s.p50, insert.p50),
      goal: '',
      verdict: '',
    },
    {
      measure: `${label} p95`,
      value: ms(s.p95),
      baseline: `INSERT ${ms(insert.p95)}`,
      ratio: ratio(s.p95, insert.p95),
      goal: `≤ ${GOAL_P95_MS} ms; ratio ≤ ${GOAL_RATIO}×`,
      verdict: verdict(s.p95 <= GOAL_P95_MS && s.p95 / insert.p95 <= GOAL_RATIO),
    },
    {
      measure: `${label} p99`,
      value: ms(s.p99),
      baseline: `INSERT ${ms(insert.p99)}`,
      ratio: ratio(s.p99, insert.p99),
      goal: '',
      verdict: '',
    },
  ];
  const pass = (s: LatencySummary) => s.p95 <= GOAL_P95_MS && s.p95 / insert.p95 <= GOAL_RATIO;
  const notes = [
    `${c.create.count} starts per variant. The Deno worker claimed ${figures.claimed} jobs; ${figures.failedInvocations} invocations failed. ` +
      "Each claimed job parks in its first LLM call (one chunk at a time, a lease with no heartbeat inside the run), and each block starts once the previous one's jobs have parked.",
    `"default" is the handler as shipped: it waits for the worker's 202 (at most invokeWaitMs, ${DEFAULT_INVOKE_WAIT_MS} ms), and the worker claims the job before answering. ` +
      '"not awaited" sets invokeWaitMs: 0: the invocation is sent and runs on, the answer does not wait for it. "no worker" resolves the invocation at once.',
  ];
  if (!pass(c.create) || !pass(c.createNotAwaited)) {
    notes.push(
      `Missed${pass(c.createNotAwaited) ? ' (default only)' : ''}: with ${CLIENTS} clients in a closed loop on 2 cores, latency is mostly queueing. ` +
        `One client at a time a start takes ${ms(alone.createNoWorker.p50)} against ${ms(alone.insert.p50)} for the INSERT (p50); ` +
        `under load, without a worker, p95 is ${ms(c.createNoWorker.p95)} (${ratio(c.createNoWorker.p95, insert.p95)} the INSERT): the handler's own work per start ` +
        '(body read, validation, the plpgsql function with its exception block, the answer) queues on the shared cores. ' +
        `With the worker, not waiting for its 202 (${ms(c.createNotAwaited.p95)}) is no better than waiting (${ms(c.create.p95)}): the cost is the CPU the ` +
        "invocation and the worker's claim and first LLM call take on the same two cores as the handler and Postgres, which a deployed worker would not share.",
    );
  }
  return {
    id: ID,
    title: '1. Create latency',
    setup:
      `${CLIENTS} concurrent clients, ${STARTS_PER_CLIENT} starts each per block, ${ROUNDS} rounds of alternating blocks; ${SLIDES}-slide decks; ` +
      `route handler + postgres.js store (pool of ${POOL_SIZE}) on embedded Postgres; the edge function under Deno, invoked over loopback; ` +
      'baseline: a bare INSERT of the same row through the same pool at the same concurrency.',
    rows: [
      ...judged('create (default)', c.create),
      ...judged('create (not awaited)', c.createNotAwaited),
      {
        measure: 'create (no worker) p50',
        value: ms(c.createNoWorker.p50),
        baseline: `INSERT ${ms(insert.p50)}`,
        ratio: ratio(c.createNoWorker.p50, insert.p50),
        goal: '',
        verdict: '',
      },
      {
        measure: 'create (no worker) p95',
        value: ms(c.createNoWorker.p95),
        baseline: `INSERT ${ms(insert.p95)}`,
        ratio: ratio(c.createNoWorker.p95, insert.p95),
        goal: '',
        verdict: '',
      },
      {
        measure: 'one client: create (no worker) p50',
        value: ms(alone.createNoWorker.p50),
        baseline: `INSERT ${ms(alone.insert.p50)}`,
        ratio: ratio(alone.createNoWorker.p50, alone.insert.p50),
        goal: '',
        verdict: '',
      },
    ],
    notes,
    data: figures as unknown as Record<string, unknown>,
  };
}

await runIfMain(import.meta.url, createLatency);
