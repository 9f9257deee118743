/**
 * 7. Scale: 200 users each start a 55-slide job at the same moment, against a provider that takes
 * 60 calls at once and answers 429 beyond that (the local LLM server's `maxConcurrent`). With the
 * kit's global limit (`talk_track_settings.max_llm_calls_in_flight`) set to the provider's, jobs
 * wait their turn in Postgres; the baseline, in the same run, sets the kit's limit far above it,
 * so only the per-job lanes bound the calls and the provider's 429s decide.
 *
 * Real parts: the route handler (`POST`, as Next.js calls it in-process) over the postgres.js
 * store on an embedded Postgres with the migration and its default per-user caps; the worker
 * handler (`createWorkerHandler`: claim, `runJob`, hand-offs to a fresh invocation) with the
 * config `readWorkerConfig` gives it, calling the local LLM through the real `openai` SDK over
 * loopback. The route's invoker and the worker's continuation call the worker handler in-process
 * instead of over HTTP: one process plays the many edge function instances.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { createPostgresJobStore, createTalkTrackHandler, type WorkerInvoker } from '@talk-track/server';
import { createWorkerHandler, readWorkerConfig } from '@talk-track/server/worker';
import {
  DEFAULT_CHUNK_SIZE,
  planChunks,
  DEFAULT_WORKER_CONFIG,
  type RunJobOutcome,
} from '@talk-track/testing/internals';
import { sampleDeck } from '../tooling/src/llm/sampleDeck.ts';
import { startLlmServer } from '../tooling/src/llm/startLlmServer.ts';
import { progress, runIfMain } from './support/benchmark.ts';
import { startBenchDatabase } from './support/benchDatabase.ts';
import { BENCH_API_BASE, BENCH_USER_HEADER, benchUserId } from './support/benchUser.ts';
import { llmThroughput, type LlmThroughput } from './support/llmThroughput.ts';
import { percentile, summarize } from './support/percentiles.ts';
import { recordSlots } from './support/slotRecorder.ts';
import { ms, verdict, type BenchReport, type BenchRow } from './support/table.ts';

const ID = 'scaleJobs';
const USERS = 200;
const SLIDES = 55;
/** The provider's limit: calls answered at once; the 61st gets a 429. */
const PROVIDER_LIMIT = 60;
/** The baseline's kit limit: far above the provider's, so the kit never makes a job wait. */
const UNBOUNDED_KIT_LIMIT = 10_000;
/**
 * Per LLM call. Real calls take 10–30 s; 2 s keeps the run to a few minutes on 2 cores while the
 * gap between one call ending and the next starting (the slot given back, the next one taken)
 * still shows against it — more than it would against real calls.
 */
const LLM_LATENCY_MS = 2_000;
/** One pool for every worker this process plays (each edge function instance would hold its own few connections). */
const POOL_SIZE = 40;
const POLL_MS = 500;
const SCENARIO_TIMEOUT_MS = 240_000;
const GOAL_THROUGHPUT = 0.9;
/** As the route handler plans a deck of SLIDES sample slides. */
const CHUNKS = planChunks(sampleDeck(SLIDES).slides, DEFAULT_CHUNK_SIZE).length;
/** For the route handler and the workers alike: failures show in the figures, not as log lines. */
const QUIET = { info() {}, warn() {}, error() {} };

interface ScenarioResult {
  kitLimit: number;
  loadAverage: number;
  wallMs: number;
  startsRefused: Record<string, number>;
  statuses: Record<string, number>;
  errorCodes: Record<string, number>;
  jobWallsMs: number[];
  waitsMs: number[];
  waitPerJobMs: number[];
  asks: { go: number; wait: number; stop: number };
  askLatenciesMs: number[];
  releaseLatenciesMs: number[];
  maxAhead: number;
  llmCalls: number;
  answered: number;
  rateLimited: number;
  maxInFlight: number;
  throughput: LlmThroughput;
  runs: Partial<Record<RunJobOutcome, number>>;
}

export async function scaleJobs(): Promise<BenchReport> {
  progress(ID, `kit limit ${PROVIDER_LIMIT} (the provider's): ${USERS} jobs of ${SLIDES} slides`);
  const kit = await runScenario(PROVIDER_LIMIT);
  progress(ID, `baseline, kit limit ${UNBOUNDED_KIT_LIMIT}: ${USERS} jobs of ${SLIDES} slides`);
  const baseline = await runScenario(UNBOUNDED_KIT_LIMIT);
  const built = report(kit, baseline);
  const completed = kit.statuses.completed ?? 0;
  if (completed !== USERS) {
    // Printed by `npm run bench` from stderr, which fails this benchmark.
    throw new Error(
      `${completed} of ${USERS} jobs completed with the kit's limit at the provider's: ${JSON.stringify({ statuses: kit.statuses, errorCodes: kit.errorCodes, startsRefused: kit.startsRefused, runs: kit.runs })}`,
    );
  }
  return built;
}

async function runScenario(kitLimit: number): Promise<ScenarioResult> {
  const db = await startBenchDatabase({ poolSize: POOL_SIZE });
  // The migration's per-user caps, not the benchmark database's raised ones: 200 users with one
  // job each must all be let in by the defaults.
  await db.sql`update public.talk_track_settings set max_active_jobs_per_user = default, max_starts_per_window = default, max_llm_calls_in_flight = ${kitLimit}`;
  await db.warmPool();
  const llm = await startLlmServer({ latencyMs: LLM_LATENCY_MS, maxConcurrent: PROVIDER_LIMIT });
  const slots = recordSlots(createPostgresJobStore(db.sql));
  const key = `sb_secret_${randomUUID().replaceAll('-', '')}`;
  const runs: Partial<Record<RunJobOutcome, number>> = {};
  const config = readWorkerConfig({ OPENAI_API_KEY: 'sk-local-bench', OPENAI_BASE_URL: llm.url });
  const workers = new Set<ReturnType<typeof createWorkerHandler>>();
  // Each invocation lands in a fresh edge function worker, as the default time budget assumes (a
  // worker booted for an earlier run would cap the new run's deadline from its own boot time).
  const invoker: WorkerInvoker = {
    async invoke(jobId, handoff) {
      const worker = createWorkerHandler({
        store: slots.store,
        config,
        keys: [key],
        continueJob: (id, next) => invoker.invoke(id, next),
        logger: QUIET,
        onRunFinished: (_jobId, outcome) => {
          runs[outcome] = (runs[outcome] ?? 0) + 1;
        },
      });
      workers.add(worker);
      const request = new Request('http://127.0.0.1/functions/v1/generate-talk-track', {
        method: 'POST',
        headers: { apikey: key, 'content-type': 'application/json' },
        body: JSON.stringify(handoff ? { jobId, handoff } : { jobId }),
      });
      const answer = await worker(request);
      if (answer.status !== 202) throw new Error(`the worker answered ${answer.status}: ${await answer.text()}`);
    },
  };
  const api = createTalkTrackHandler({ store: slots.store, getUserId: benchUserId, worker: invoker, logger: QUIET });

  const loadAverage = loadavg()[0]!;
  try {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        api
          .POST(
            new Request(BENCH_API_BASE, {
              method: 'POST',
              headers: { 'content-type': 'application/json', [BENCH_USER_HEADER]: randomUUID() },
              body: JSON.stringify({ deck: sampleDeck(SLIDES, { id: `deck-${i}` }) }),
            }),
          )
          .then(async (response) =>
            response.status === 201
              ? null
              : `${response.status} ${((await response.json()) as { code?: string }).code}`,
          ),
      ),
    );
    const startsRefused = tally(answers.filter((answer): answer is string => answer !== null));
    await untilSettled(db.sql, started);
    const wallMs = performance.now() - started;
    const rows = await db.sql<{ status: string; error_code: string | null; wall_ms: number | null }[]>`
      select status, error_code, extract(epoch from completed_at - created_at)::float8 * 1000 as wall_ms from public.talk_track_jobs`;
    return {
      kitLimit,
      loadAverage,
      wallMs,
      startsRefused,
      statuses: tally(rows.map((row) => row.status)),
      errorCodes: tally(rows.flatMap((row) => (row.error_code ? [row.error_code] : []))),
      jobWallsMs: rows.filter((row) => row.status === 'completed').map((row) => row.wall_ms!),
      waitsMs: slots.waits(),
      waitPerJobMs: slots.waitPerJob(),
      asks: { ...slots.asks },
      askLatenciesMs: slots.askLatencies(),
      releaseLatenciesMs: slots.releaseLatencies(),
      maxAhead: slots.maxAhead,
      llmCalls: llm.stats.totalCalls,
      answered: llm.stats.count('answered'),
      rateLimited: llm.stats.count('rate_limit'),
      maxInFlight: llm.stats.maxInFlight,
      throughput: llmThroughput(llm.stats, PROVIDER_LIMIT),
      runs,
    };
  } finally {
    await Promise.all([...workers].map((worker) => worker.shutdown()));
    await llm.close();
    await db.close();
  }
}

/** Reads the jobs table until no job is pending or processing, printing progress now and then. */
async function untilSettled(
  sql: Awaited<ReturnType<typeof startBenchDatabase>>['sql'],
  started: number,
): Promise<void> {
  for (let poll = 1; ; poll++) {
    const [counts] = await sql<{ active: number; completed: number; failed: number }[]>`
      select count(*) filter (where status in ('pending', 'processing'))::int as active,
             count(*) filter (where status = 'completed')::int as completed,
             count(*) filter (where status = 'failed')::int as failed
        from public.talk_track_jobs`;
    if (counts!.active === 0) return;
    const elapsed = performance.now() - started;
    if (elapsed > SCENARIO_TIMEOUT_MS) throw new Error(`${counts!.active} jobs still active after ${ms(elapsed)}`);
    if (poll % 20 === 0)
      progress(
        ID,
        `${ms(elapsed)}: ${counts!.completed} completed, ${counts!.failed} failed, ${counts!.active} active`,
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;
const p50p95 = (samples: readonly number[]) =>
  samples.length ? `${ms(percentile(samples, 50))} / ${ms(percentile(samples, 95))}` : '— (none)';

function report(kit: ScenarioResult, baseline: ScenarioResult): BenchReport {
  const idealMs = Math.ceil((USERS * CHUNKS) / PROVIDER_LIMIT) * LLM_LATENCY_MS;
  const completed = (result: ScenarioResult) => result.statuses.completed ?? 0;
  const failed = (result: ScenarioResult) => result.statuses.failed ?? 0;
  const rows: BenchRow[] = [
    {
      measure: 'kit limit 60: jobs completed',
      value: `${completed(kit)} / ${USERS}`,
      baseline: `kit limit off: ${completed(baseline)}`,
      ratio: '',
      goal: `all ${USERS}`,
      verdict: verdict(completed(kit) === USERS),
    },
    {
      measure: 'kit limit 60: jobs failed',
      value: String(failed(kit)),
      baseline: `kit limit off: ${failed(baseline)}`,
      ratio: '',
      goal: '0',
      verdict: verdict(failed(kit) === 0),
    },
    {
      measure: 'kit limit 60: 429s from the provider',
      value: String(kit.rateLimited),
      baseline: `kit limit off: ${baseline.rateLimited}`,
      ratio: '',
      goal: '~0',
      verdict: verdict(kit.rateLimited === 0),
    },
    {
      measure: 'kit limit 60: LLM throughput',
      value: pct(kit.throughput.fraction),
      baseline: `kit limit off: ${pct(baseline.throughput.fraction)}`,
      ratio: `${kit.throughput.meanInFlight.toFixed(1)} of ${PROVIDER_LIMIT} busy`,
      goal: `≥ ${pct(GOAL_THROUGHPUT)}`,
      verdict: verdict(kit.throughput.fraction >= GOAL_THROUGHPUT),
    },
    {
      measure: 'kit limit 60: wall, all jobs',
      value: ms(kit.wallMs),
      baseline: `ideal ${ms(idealMs)}`,
      ratio: `${(kit.wallMs / idealMs).toFixed(2)}×`,
      goal: '',
      verdict: '',
    },
    {
      measure: 'kit limit 60: wait in line p50 / p95',
      value: p50p95(kit.waitsMs),
      baseline: `LLM call ${ms(LLM_LATENCY_MS)}`,
      ratio: `${kit.waitsMs.length} waits`,
      goal: '',
      verdict: '',
    },
    {
      measure: 'kit limit 60: waited per job p50 / p95',
      value: p50p95(kit.waitPerJobMs),
      baseline: '',
      ratio: '',
      goal: '',
      verdict: '',
    },
    {
      measure: 'kit limit 60: job wall p50 / p95',
      value: p50p95(kit.jobWallsMs),
      baseline: `kit limit off: ${p50p95(baseline.jobWallsMs)}`,
      ratio: '',
      goal: '',
      verdict: '',
    },
    {
      measure: 'kit limit 60: slot request answered in p50 / p95',
      value: p50p95(kit.askLatenciesMs),
      baseline: `kit limit off: ${p50p95(baseline.askLatenciesMs)}`,
      ratio: '',
      goal: '',
      verdict: '',
    },
    {
      measure: 'kit limit 60: slot given back in p50 / p95',
      value: p50p95(kit.releaseLatenciesMs),
      baseline: `kit limit off: ${p50p95(baseline.releaseLatenciesMs)}`,
      ratio: '',
      goal: '',
      verdict: '',
    },
    {
      measure: 'kit limit 60: slot requests per LLM call',
      value: ((kit.asks.go + kit.asks.wait) / kit.asks.go).toFixed(1),
      baseline: `${kit.asks.wait} 'wait', ${kit.asks.go} 'go'`,
      ratio: '',
      goal: '',
      verdict: '',
    },
  ];
  const notes = [
    `Machine load (1-minute load average) when each scenario started: ${kit.loadAverage.toFixed(1)} and ${baseline.loadAverage.toFixed(1)} on ${cpus().length} cores; other work on the machine slows the database's answers, and with them the slots' turnover.`,
    `LLM throughput = Σ (end − arrival) of the calls the LLM server answered ÷ (${PROVIDER_LIMIT} × the span from the first call's arrival to the last call's end): the share of the provider's capacity that produced talk tracks. 100 % is every slot busy the whole time; the first and last second (ramp-up, the last wave of calls) and the gap between a call ending and the next one starting (the slot given back, a chunk saved, the next slot taken) are what keep it below.`,
    `A wait in line is one stretch of a job's \`waiting_since\`: from the first \`talk_track_begin_llm_call\` answering 'wait' to the job's next 'go' (recorded from the store's answers, without changing them). "Waited per job" adds up a job's stretches (0 for a job that never waited). The most jobs ahead of a waiting one: ${kit.maxAhead}.`,
    `Ideal wall = ⌈${USERS} × ${CHUNKS} calls ÷ ${PROVIDER_LIMIT}⌉ × ${ms(LLM_LATENCY_MS)}. Job wall is the database's completed_at − created_at.`,
    `${USERS} users with one job each under the migration's default per-user caps (2 active, 20 starts an hour): starts refused ${JSON.stringify(kit.startsRefused)}. Worker runs: ${JSON.stringify(kit.runs)} (a hand-off is a run that reached its ${ms(DEFAULT_WORKER_CONFIG.timeBudgetMs)} time budget and invoked the next).`,
    `Baseline (kit limit ${UNBOUNDED_KIT_LIMIT}, per-job lanes only): ${baseline.llmCalls} calls, ${baseline.answered} answered, ${baseline.rateLimited} answered 429; failures ${JSON.stringify(baseline.errorCodes)}; wall ${ms(baseline.wallMs)}. Each chunk gets ${DEFAULT_WORKER_CONFIG.maxAttempts} attempts with backoff, so a job whose chunk drew four 429s in a row fails.`,
  ];
  return {
    id: ID,
    title: `8. Scale: ${USERS} simultaneous ${SLIDES}-slide jobs, provider limit ${PROVIDER_LIMIT}`,
    setup: `${USERS} users start a ${SLIDES}-slide job (${CHUNKS} chunks, 3 lanes each) at once through the route handler; the worker handler runs them in-process (openai SDK over loopback, postgres.js store on embedded Postgres, pool of ${POOL_SIZE}); the local LLM answers after ${ms(LLM_LATENCY_MS)} and refuses calls past ${PROVIDER_LIMIT} at once with 429. Kit limit ${PROVIDER_LIMIT} vs a baseline with the kit's limit off, same run.`,
    rows,
    notes,
    data: {
      users: USERS,
      slides: SLIDES,
      chunks: CHUNKS,
      providerLimit: PROVIDER_LIMIT,
      llmLatencyMs: LLM_LATENCY_MS,
      idealMs,
      kit: summary(kit),
      baseline: summary(baseline),
    },
  };
}

/** The raw figures, with each sample array summed up: the arrays would make latest.json megabytes long. */
function summary(result: ScenarioResult) {
  const { waitsMs, waitPerJobMs, jobWallsMs, askLatenciesMs, releaseLatenciesMs, ...rest } = result;
  const spread = (samples: readonly number[]) => (samples.length ? summarize(samples) : { count: 0 });
  return {
    ...rest,
    waitsMs: spread(waitsMs),
    waitPerJobMs: spread(waitPerJobMs),
    jobWallsMs: spread(jobWallsMs),
    askLatenciesMs: spread(askLatenciesMs),
    releaseLatenciesMs: spread(releaseLatenciesMs),
  };
}

await runIfMain(import.meta.url, scaleJobs);
