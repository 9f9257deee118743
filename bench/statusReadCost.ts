/**
 * 3. Status-read cost: a 100,000-row jobs table and 1,000 clients each reading their job's status
 * every 3 s through the route handler (`GET …/:id`), against a bare primary-key SELECT at the
 * same rate on the same pool. Then the writes one job makes, counted in the database.
 *
 * Real parts: the route handler and postgres.js store on an embedded Postgres with the migration;
 * for the write count, a start through the handler and the worker engine (in-process `runJob`)
 * against the local LLM.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import {
  createPostgresJobStore,
  createTalkTrackHandler,
  POSTGRES_CLIENT_OPTIONS,
  type JobStore,
} from '@talk-track/server';
import {
  planChunks,
  DEFAULT_WORKER_CONFIG,
  runJob,
  createChunkGenerator,
  silentLogger,
} from '@talk-track/testing/internals';
import { DEFAULT_POLL_INTERVAL_MS } from '@talk-track/testing';
import postgres from 'postgres';
import { sampleDeck } from '../tooling/src/llm/sampleDeck.ts';
import { startLlmServer } from '../tooling/src/llm/startLlmServer.ts';
import { progress, runIfMain } from './support/benchmark.ts';
import { startBenchDatabase, type BenchDatabase } from './support/benchDatabase.ts';
import { openLoop } from './support/openLoop.ts';
import { median, summarize, type LatencySummary } from './support/percentiles.ts';
import { seedJobs } from './support/seedJobs.ts';
import { ms, ratio, verdict, type BenchReport } from './support/table.ts';
import { installWriteCounter, type WriteCount } from './support/writeCounter.ts';
import { BENCH_API_BASE, BENCH_USER_HEADER, benchUserId } from './support/benchUser.ts';

const ID = 'statusReadCost';
const TOTAL_ROWS = 100_000;
const CLIENTS = 1_000;
const PERIOD_MS = DEFAULT_POLL_INTERVAL_MS;
/** Per phase; baseline and status phases alternate, short, so a burst of noise on the machine hits both alike. */
const PHASE_MS = 3_000;
const PHASES = 4;
/** Running jobs are large decks, about half done: the biggest status answers a client gets while it polls. */
const ACTIVE_SLIDES = 55;
const ACTIVE_CHUNKS = planChunks(sampleDeck(ACTIVE_SLIDES).slides).length;
const SAVED_CHUNKS = 5;
const EXPLAINED_READS = 200;
/** One client at a time: the read's own cost, without queueing. */
const SEQUENTIAL_READS = 500;
const GOAL_P99_MS = 5;

/**
 * The write-count job runs at a real job's rhythm, scaled down 20×: an LLM call of 20 s becomes
 * 1 s, the 30 s lease with its 10 s heartbeat becomes 1.5 s and 0.5 s.
 */
const SCALED_LLM_LATENCY_MS = 1_000;
const SCALED_LEASE_SECONDS = 2;
const SCALED_HEARTBEAT_MS = 500;
const SCALED_POLL_MS = 150;

export async function statusReadCost(): Promise<BenchReport> {
  progress(ID, 'starting Postgres');
  const db = await startBenchDatabase();
  try {
    progress(ID, `seeding ${TOTAL_ROWS.toLocaleString('en')} jobs`);
    const seeded = await seedJobs(db.sql, {
      totalRows: TOTAL_ROWS,
      activeJobs: CLIENTS,
      activeSlides: ACTIVE_SLIDES,
      savedChunks: SAVED_CHUNKS,
      finishedUsers: 10_000,
    });
    const [table] = await db.sql<{ rows: number; size: string }[]>`
      select count(*)::int as rows, pg_size_pretty(pg_total_relation_size('public.talk_track_jobs')) as size from public.talk_track_jobs`;

    const perRead = new AsyncLocalStorage<{ dbMs: number }>();
    const store = timedStore(createPostgresJobStore(db.sql), perRead);
    let invocations = 0;
    const handler = createTalkTrackHandler({
      store,
      getUserId: benchUserId,
      worker: { invoke: async () => void invocations++ },
    });
    const statusRead = (client: number) =>
      perRead.run({ dbMs: 0 }, async () => {
        const request = new Request(`${BENCH_API_BASE}/${seeded.jobIds[client]}`, {
          headers: { [BENCH_USER_HEADER]: seeded.userIds[client]! },
        });
        const started = performance.now();
        const response = await handler.GET(request);
        const body = await response.text();
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`status read answered ${response.status}: ${body}`);
        return { elapsed, dbMs: perRead.getStore()!.dbMs, bytes: body.length };
      });
    const bareRead = async (client: number) => {
      const started = performance.now();
      await db.sql`select id, status, progress, current_chunk, total_chunks, updated_at from public.talk_track_jobs where id = ${seeded.jobIds[client]!}`;
      return performance.now() - started;
    };

    progress(ID, 'warming up');
    await db.warmPool();
    await openLoop({ clients: CLIENTS, periodMs: PERIOD_MS, durationMs: 1_000 }, statusRead);
    const reads: { elapsed: number; dbMs: number; bytes: number }[] = [];
    const bare: number[] = [];
    // How late this process's own event loop ran during the status reads: a stall here is ours (GC, CPU), not the database's.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    for (let phase = 1; phase <= PHASES; phase++) {
      progress(
        ID,
        `phase ${phase} of ${PHASES}: bare SELECT, then status reads (${CLIENTS} clients every ${PERIOD_MS / 1000} s, ${PHASE_MS / 1000} s each)`,
      );
      bare.push(...(await openLoop({ clients: CLIENTS, periodMs: PERIOD_MS, durationMs: PHASE_MS }, bareRead)));
      loopDelay.enable();
      reads.push(...(await openLoop({ clients: CLIENTS, periodMs: PERIOD_MS, durationMs: PHASE_MS }, statusRead)));
      loopDelay.disable();
    }

    progress(ID, 'one client at a time');
    const alone = { read: [] as number[], bare: [] as number[] };
    for (let i = 0; i < SEQUENTIAL_READS; i++) alone.bare.push(await bareRead(i % CLIENTS));
    for (let i = 0; i < SEQUENTIAL_READS; i++) alone.read.push((await statusRead(i % CLIENTS)).elapsed);

    progress(ID, 'database execution time (EXPLAIN ANALYZE)');
    const execution = await explainedReadMs(db, seeded);

    progress(ID, 'counting the writes of one job');
    const writes = await countJobWrites(db.sql);

    return report({
      table: table!,
      read: summarize(reads.map((r) => r.elapsed)),
      dbPerRead: summarize(reads.map((r) => r.dbMs)),
      answerBytes: median(reads.map((r) => r.bytes)),
      bare: summarize(bare),
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      alone: { read: summarize(alone.read), bare: summarize(alone.bare) },
      executionMs: execution,
      invocations,
      writes,
    });
  } finally {
    await db.close();
  }
}

/** The store with the time of each call added to the current read's tally. */
function timedStore(store: JobStore, perRead: AsyncLocalStorage<{ dbMs: number }>): JobStore {
  const timed = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(store) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    timed[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await method(...args);
      } finally {
        const tally = perRead.getStore();
        if (tally) tally.dbMs += performance.now() - started;
      }
    };
  }
  return timed as unknown as JobStore;
}

/**
 * Server-side execution time (EXPLAIN ANALYZE), median over jobs: the very statement the store's
 * status read sends (captured from the driver, not restated here), and the bare SELECT beside it.
 */
async function explainedReadMs(
  db: BenchDatabase,
  seeded: { userIds: string[]; jobIds: string[] },
): Promise<{ read: number; bare: number }> {
  let statement: string | undefined;
  const capturing = postgres(db.url, {
    ...POSTGRES_CLIENT_OPTIONS,
    max: 1,
    debug: (_connection, query) => void (statement = query),
  });
  try {
    // The last statement sent is the read (the driver may send its own first, e.g. type lookups).
    await createPostgresJobStore(capturing).getJobWithChunksForUser(seeded.jobIds[0]!, seeded.userIds[0]!);
  } finally {
    await capturing.end();
  }
  const executionMs = async (query: string, params: string[]) => {
    const [plan] = await db.sql.unsafe(`explain (analyze, format json) ${query}`, params);
    return (plan!['QUERY PLAN'] as { 'Execution Time': number }[])[0]!['Execution Time'];
  };
  const read: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < EXPLAINED_READS; i++) {
    const jobId = seeded.jobIds[i]!;
    read.push(await executionMs(statement!, [jobId, seeded.userIds[i]!]));
    bare.push(
      await executionMs(
        'select id, status, progress, current_chunk, total_chunks, updated_at from public.talk_track_jobs where id = $1',
        [jobId],
      ),
    );
  }
  return { read: median(read), bare: median(bare) };
}

/** One 55-slide job from the route handler's start to completion, at a scaled real rhythm, with a client polling it. */
async function countJobWrites(
  sql: BenchDatabase['sql'],
): Promise<{ count: WriteCount; chunks: number; heartbeatMs: number; jobMs: number; polls: number }> {
  const counter = await installWriteCounter(sql);
  const llm = await startLlmServer({ latencyMs: SCALED_LLM_LATENCY_MS });
  const store = createPostgresJobStore(sql);
  const userId = randomUUID();
  const started: string[] = [];
  const handler = createTalkTrackHandler({
    store,
    getUserId: () => userId,
    worker: { invoke: async (jobId) => void started.push(jobId) },
  });
  try {
    await counter.reset();
    const began = performance.now();
    const response = await handler.POST(
      new Request(BENCH_API_BASE, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deck: sampleDeck(ACTIVE_SLIDES, { id: 'deck-counted' }) }),
      }),
    );
    if (response.status !== 201) throw new Error(`start answered ${response.status}: ${await response.text()}`);
    const { jobId } = (await response.json()) as { jobId: string };
    const owner = randomUUID();
    const claimed = await store.claimJob(jobId, owner, SCALED_LEASE_SECONDS);
    if (!claimed) throw new Error('claim refused');
    let polling = true;
    let polls = 0;
    const poller = (async () => {
      while (polling) {
        await (await handler.GET(new Request(`${BENCH_API_BASE}/${jobId}`))).text();
        polls++;
        await new Promise((resolve) => setTimeout(resolve, SCALED_POLL_MS));
      }
    })();
    const outcome = await runJob({
      job: claimed,
      owner,
      store,
      generate: createChunkGenerator({
        apiKey: 'sk-local-bench',
        baseURL: llm.url,
        model: DEFAULT_WORKER_CONFIG.model,
        timeoutMs: 10_000,
      }),
      config: {
        ...DEFAULT_WORKER_CONFIG,
        leaseSeconds: SCALED_LEASE_SECONDS,
        heartbeatIntervalMs: SCALED_HEARTBEAT_MS,
      },
      logger: silentLogger,
      continueJob: async () => {
        throw new Error('no hand-off expected');
      },
    });
    const jobMs = performance.now() - began;
    polling = false;
    await poller;
    if (outcome !== 'completed' || started.length !== 1)
      throw new Error(`job ended ${outcome} after ${started.length} invocations`);
    return { count: await counter.count(), chunks: ACTIVE_CHUNKS, heartbeatMs: SCALED_HEARTBEAT_MS, jobMs, polls };
  } finally {
    await llm.close();
  }
}

interface Figures {
  table: { rows: number; size: string };
  read: LatencySummary;
  dbPerRead: LatencySummary;
  answerBytes: number;
  bare: LatencySummary;
  loopDelayP99Ms: number;
  alone: { read: LatencySummary; bare: LatencySummary };
  executionMs: { read: number; bare: number };
  invocations: number;
  writes: Awaited<ReturnType<typeof countJobWrites>>;
}

function report(figures: Figures): BenchReport {
  const { read, bare, dbPerRead, writes } = figures;
  const { count, chunks } = writes;
  const heartbeats = count.byKind.heartbeat;
  const slotWrites = count.byKind['LLM slot taken'] + count.byKind['LLM slot given back'];
  const jobStateWrites = count.transactions - heartbeats - slotWrites;
  const writeGoal = chunks + 4;
  const readPass = read.p99 <= GOAL_P99_MS;
  const writesPass = count.transactions <= writeGoal;
  const notes = [
    `${read.count} status reads and ${bare.count} bare SELECTs; answers of ${(figures.answerBytes / 1024).toFixed(1)} KB (a ${ACTIVE_SLIDES}-slide job, ${SAVED_CHUNKS} of ${ACTIVE_CHUNKS} chunks done). Table: ${figures.table.rows.toLocaleString('en')} rows, ${figures.table.size} with indexes. The stale check woke the worker ${figures.invocations} times (all leases were live).`,
    `"database time" is the time a read spent in the store's one call (job summary with its saved chunks) as the handler saw it, queueing for the pool included; "execution" is what Postgres itself spent on that statement (EXPLAIN ANALYZE, median of ${EXPLAINED_READS} jobs).`,
    `Writes: the counted job ran at a real job's rhythm scaled 20× down (LLM call ${SCALED_LLM_LATENCY_MS} ms, heartbeat every ${SCALED_HEARTBEAT_MS} ms) for ${ms(writes.jobMs)}, with a client polling every ${SCALED_POLL_MS} ms (${writes.polls} reads, no writes). By kind: ${Object.entries(
      count.byKind,
    )
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(
        ', ',
      )}; ${count.rows} rows in ${count.transactions} transactions (a chunk save writes its chunk row and the job row in one).`,
  ];
  if (!readPass) {
    notes.push(
      `Missed p99: Postgres executes a read in ${ms(figures.executionMs.read)}; the read is one round trip carrying the job (without its input deck) ` +
        'and every finished slide, parsed from json and serialized again. ' +
        `At ${Math.round(CLIENTS / (PERIOD_MS / 1000))} reads/s on 2 cores shared with Postgres, the tail is waiting for a core and for the pool; this process's event loop ran up to ${ms(figures.loopDelayP99Ms)} late (p99) during the reads.`,
    );
  }
  if (!writesPass) {
    notes.push(
      `Missed writes: the job's own changes are ${jobStateWrites} (create, claim, one per chunk, complete). ` +
        `The LLM slots add two per call (${slotWrites} here): taking one, which also counts the call against the job's retry budget, and giving it back; they are what bounds every call in SQL (the budget, the job's lanes, the limit across workers). ` +
        `The lease heartbeat adds one per heartbeat interval in which no chunk was saved (${heartbeats} here), since a save renews the lease too. Here an LLM call (the gap between saves) is twice the heartbeat interval, so beats still fall between saves; ` +
        'fewer would take a lease longer than a call, which slows crash recovery by as much.',
    );
  }
  return {
    id: ID,
    title: '3. Status-read cost',
    setup: `${figures.table.rows.toLocaleString('en')}-row jobs table; ${CLIENTS} clients each reading their running job every ${PERIOD_MS / 1000} s (open loop) through the route handler and postgres.js store (pool of 10) on embedded Postgres; baseline: a bare primary-key SELECT of the status columns at the same rate; ${PHASES}×${PHASE_MS / 1000} s phases of each, alternating.`,
    rows: [
      {
        measure: 'status read p50',
        value: ms(read.p50),
        baseline: `SELECT ${ms(bare.p50)}`,
        ratio: ratio(read.p50, bare.p50),
        goal: '',
        verdict: '',
      },
      {
        measure: 'status read p99',
        value: ms(read.p99),
        baseline: `SELECT ${ms(bare.p99)}`,
        ratio: ratio(read.p99, bare.p99),
        goal: `≤ ${GOAL_P99_MS} ms`,
        verdict: verdict(readPass),
      },
      {
        measure: 'database time per read p50',
        value: ms(dbPerRead.p50),
        baseline: `SELECT ${ms(bare.p50)}`,
        ratio: ratio(dbPerRead.p50, bare.p50),
        goal: '',
        verdict: '',
      },
      {
        measure: 'database time per read p99',
        value: ms(dbPerRead.p99),
        baseline: `SELECT ${ms(bare.p99)}`,
        ratio: ratio(dbPerRead.p99, bare.p99),
        goal: '',
        verdict: '',
      },
      {
        measure: 'one client: status read p50',
        value: ms(figures.alone.read.p50),
        baseline: `SELECT ${ms(figures.alone.bare.p50)}`,
        ratio: ratio(figures.alone.read.p50, figures.alone.bare.p50),
        goal: '',
        verdict: '',
      },
      {
        measure: 'execution in Postgres per read',
        value: ms(figures.executionMs.read),
        baseline: `SELECT ${ms(figures.executionMs.bare)}`,
        ratio: ratio(figures.executionMs.read, figures.executionMs.bare),
        goal: '',
        verdict: '',
      },
      {
        measure: 'writes per job: its state (create, claim, chunks, complete)',
        value: String(jobStateWrites),
        baseline: `chunks ${chunks}`,
        ratio: `chunks + ${jobStateWrites - chunks}`,
        goal: '',
        verdict: '',
      },
      {
        measure: 'writes per job: LLM slots (taken, given back)',
        value: String(slotWrites),
        baseline: `chunks ${chunks}`,
        ratio: ratio(slotWrites, chunks),
        goal: '',
        verdict: '',
      },
      {
        measure: 'writes per job: heartbeats',
        value: String(heartbeats),
        baseline: '',
        ratio: '',
        goal: '',
        verdict: '',
      },
      {
        measure: 'writes per job',
        value: String(count.transactions),
        baseline: `chunks ${chunks}`,
        ratio: `chunks + ${count.transactions - chunks}`,
        goal: `≤ chunks + 4 (${writeGoal})`,
        verdict: verdict(writesPass),
      },
    ],
    notes,
    data: figures as unknown as Record<string, unknown>,
  };
}

await runIfMain(import.meta.url, statusReadCost);
