/**
 * 2. Generation wall time: a 55-slide job (11 chunks of 5) against the local LLM server answering
 * every call after a fixed latency, one chunk at a time (the original system) against the
 * default concurrency and 4, each measured against its ideal ⌈chunks / concurrency⌉ × latency.
 *
 * Real parts: the worker engine (`runJob`) in-process in Node with the real chunk generator (the
 * `openai` SDK over loopback HTTP) and the postgres.js store on an embedded Postgres. The Deno
 * edge function runs this same engine; what it adds (the invocation and its 202) happens before
 * the claim and is not part of a job's wall time, so it is left out.
 *
 * Also the tokens billed per slide: prompt and answer from the usage ledger of the same jobs (the
 * local server in its standard mode bills no reasoning), and of one job of the default model
 * against the local server in its reasoning mode, whose reasoning per slide is modelled on
 * reported figures (tooling/src/llm/llmServerMode.ts), not measured.
 */
import { randomUUID } from 'node:crypto';
import { createPostgresJobStore } from '@talk-track/server';
import { withPlan } from '@talk-track/testing/server';
import {
  DEFAULT_CHUNK_SIZE,
  planChunks,
  DEFAULT_WORKER_CONFIG,
  runJob,
  createChunkGenerator,
  type GenerateChunk,
  type RunJobConfig,
  silentLogger,
} from '@talk-track/testing/internals';
import { sampleDeck } from '../tooling/src/llm/sampleDeck.ts';
import { startLlmServer } from '../tooling/src/llm/startLlmServer.ts';
import { progress, runIfMain } from './support/benchmark.ts';
import { startBenchDatabase } from './support/benchDatabase.ts';
import { median } from './support/percentiles.ts';
import { ms, verdict, type BenchReport, type BenchRow } from './support/table.ts';

const ID = 'generationWallTime';
const SLIDES = 55;
/** Per LLM call. Real calls take 10–30 s; 400 ms keeps the run short while the engine's own overhead still shows against it. */
const LLM_LATENCY_MS = 400;
/** Jobs per concurrency, interleaved across concurrencies; the median is reported. */
const REPEATS = 3;
const CONCURRENCIES = [1, DEFAULT_WORKER_CONFIG.chunkConcurrency, 4].filter((c, i, all) => all.indexOf(c) === i);
const GOAL_RATIO_TO_IDEAL = 1.1;
const GOAL_SPEEDUP = 3;
const GOAL_SPEEDUP_AT = 4;
/** The default model is a reasoning model (README, "Models"): its job runs at the worker's default effort. */
const REASONING_MODEL = DEFAULT_WORKER_CONFIG.model;

interface JobRun {
  wallMs: number;
  /** Tokens billed per slide, from the job's ledger. */
  billedPerSlide: number;
  reasoningPerSlide: number;
}

export async function generationWallTime(): Promise<BenchReport> {
  progress(ID, 'starting Postgres and the local LLM');
  const db = await startBenchDatabase();
  const llm = await startLlmServer({ latencyMs: LLM_LATENCY_MS });
  const reasoningLlm = await startLlmServer({ latencyMs: LLM_LATENCY_MS, mode: 'reasoning' });
  const store = createPostgresJobStore(db.sql);
  const generate = createChunkGenerator({
    apiKey: 'sk-local-bench',
    baseURL: llm.url,
    model: DEFAULT_WORKER_CONFIG.model,
    timeoutMs: DEFAULT_WORKER_CONFIG.llmTimeoutMs,
  });
  const reasoningGenerate = createChunkGenerator({
    apiKey: 'sk-local-bench',
    baseURL: reasoningLlm.url,
    model: REASONING_MODEL,
    timeoutMs: DEFAULT_WORKER_CONFIG.llmTimeoutMs,
  });
  const userId = randomUUID();
  const chunks = planChunks(sampleDeck(SLIDES).slides).length;

  const runOne = async (
    concurrency: number,
    server = llm,
    chunkGenerator: GenerateChunk = generate,
  ): Promise<JobRun> => {
    const config: RunJobConfig = {
      ...DEFAULT_WORKER_CONFIG,
      chunkConcurrency: concurrency,
      heartbeatIntervalMs: (DEFAULT_WORKER_CONFIG.leaseSeconds * 1000) / 3,
    };
    const { job } = await store.createJob({
      userId,
      ...withPlan(sampleDeck(SLIDES, { id: randomUUID() }), DEFAULT_CHUNK_SIZE),
    });
    const owner = randomUUID();
    const callsBefore = server.stats.totalCalls;
    // From the claim to the completed row: everything the worker does for the job.
    const started = performance.now();
    const claimed = await store.claimJob(job.id, owner, config.leaseSeconds);
    if (!claimed) throw new Error('claim refused');
    const outcome = await runJob({
      job: claimed,
      owner,
      store,
      generate: chunkGenerator,
      config,
      logger: silentLogger,
      continueJob: async () => {
        throw new Error('the budget is minutes; no hand-off expected');
      },
    });
    const elapsed = performance.now() - started;
    if (outcome !== 'completed') throw new Error(`job ended ${outcome}`);
    const calls = server.stats.totalCalls - callsBefore;
    if (calls !== chunks) throw new Error(`expected ${chunks} LLM calls, saw ${calls}`);
    const ledger = (await store.getJobForUser(job.id, userId))!;
    return {
      wallMs: elapsed,
      billedPerSlide: (ledger.tokensIn + ledger.tokensOut) / SLIDES,
      reasoningPerSlide: ledger.tokensReasoning / SLIDES,
    };
  };

  try {
    progress(ID, 'warming up');
    await runOne(CONCURRENCIES.at(-1)!);
    const walls = new Map<number, number[]>(CONCURRENCIES.map((c) => [c, []]));
    const runs: JobRun[] = [];
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      progress(ID, `repeat ${repeat} of ${REPEATS}`);
      for (const concurrency of CONCURRENCIES) {
        const run = await runOne(concurrency);
        walls.get(concurrency)!.push(run.wallMs);
        runs.push(run);
      }
    }
    progress(ID, `one job of ${REASONING_MODEL} against the reasoning mode`);
    const reasoning = await runOne(DEFAULT_WORKER_CONFIG.chunkConcurrency, reasoningLlm, reasoningGenerate);
    return report(chunks, walls, runs, reasoning);
  } finally {
    await llm.close();
    await reasoningLlm.close();
    await db.close();
  }
}

function report(chunks: number, walls: Map<number, number[]>, runs: JobRun[], reasoning: JobRun): BenchReport {
  const sequential = median(walls.get(1)!);
  const rows: BenchRow[] = [];
  const figures: Record<string, unknown>[] = [];
  const misses: string[] = [];
  for (const [concurrency, samples] of walls) {
    const wall = median(samples);
    const ideal = Math.ceil(chunks / concurrency) * LLM_LATENCY_MS;
    const label =
      concurrency === DEFAULT_WORKER_CONFIG.chunkConcurrency
        ? `concurrency ${concurrency} (default)`
        : `concurrency ${concurrency}`;
    const pass = wall / ideal <= GOAL_RATIO_TO_IDEAL;
    if (!pass) misses.push(label);
    rows.push({
      measure: `${label}: wall`,
      value: ms(wall),
      baseline: `ideal ${ms(ideal)}`,
      ratio: `${(wall / ideal).toFixed(3)}×`,
      goal: `≤ ${GOAL_RATIO_TO_IDEAL.toFixed(2)}× ideal`,
      verdict: verdict(pass),
    });
    if (concurrency !== 1) {
      const speedup = sequential / wall;
      const judged = concurrency === GOAL_SPEEDUP_AT;
      rows.push({
        measure: `${label}: speed-up`,
        value: `${speedup.toFixed(2)}×`,
        baseline: `concurrency 1 ${ms(sequential)}`,
        ratio: `${speedup.toFixed(2)}×`,
        goal: judged
          ? `≥ ${GOAL_SPEEDUP}×`
          : `ideal ${(Math.ceil(chunks) / Math.ceil(chunks / concurrency)).toFixed(2)}×`,
        verdict: judged ? verdict(speedup >= GOAL_SPEEDUP) : '',
      });
    }
    figures.push({ concurrency, wallMs: samples, medianMs: wall, idealMs: ideal });
  }
  const billed = median(runs.map((run) => run.billedPerSlide));
  rows.push({
    measure: 'tokens billed per slide, prompt + answer (no reasoning)',
    value: billed.toFixed(0),
    baseline: '',
    ratio: '',
    goal: '',
    verdict: '',
  });
  rows.push({
    measure: `tokens billed per slide (${REASONING_MODEL}, effort ${DEFAULT_WORKER_CONFIG.reasoningEffort}, modelled)`,
    value: `${reasoning.billedPerSlide.toFixed(0)} (${reasoning.reasoningPerSlide.toFixed(0)} reasoning)`,
    baseline: `no reasoning ${billed.toFixed(0)}`,
    ratio: `${(reasoning.billedPerSlide / billed).toFixed(2)}×`,
    goal: '',
    verdict: '',
  });
  const notes = [
    `Wall time from the claim to the completed row: ${chunks} chunk calls, ${chunks} chunk saves, the claim, the final read of the chunks and the completion.`,
    `Tokens billed per slide: prompt + completion tokens of the job's ledger over its ${SLIDES} slides, as the local server counts them (four characters a token). The ${REASONING_MODEL} row adds the local server's modelled reasoning (billed as completion tokens), so it shows the shape of the cost, not OpenAI's figure.`,
    `The ideal counts LLM time only; what is above it is the engine's own work (database writes, prompt building, parsing answers). At the default concurrency (${DEFAULT_WORKER_CONFIG.chunkConcurrency}) the best possible speed-up is ${chunks}/${Math.ceil(chunks / DEFAULT_WORKER_CONFIG.chunkConcurrency)} = ${(chunks / Math.ceil(chunks / DEFAULT_WORKER_CONFIG.chunkConcurrency)).toFixed(2)}×, which is why the ${GOAL_SPEEDUP}× goal is judged at ${GOAL_SPEEDUP_AT}.`,
  ];
  if (misses.length)
    notes.push(
      `Missed for ${misses.join(', ')}: the per-chunk database write and answer parsing run between calls and add to each wave of calls.`,
    );
  return {
    id: ID,
    title: '2. Generation wall time',
    setup: `${SLIDES}-slide job (${chunks} chunks of ${DEFAULT_CHUNK_SIZE}), local LLM answering after ${LLM_LATENCY_MS} ms per call; the worker engine in-process (runJob, openai SDK over loopback, postgres.js store on embedded Postgres); median of ${REPEATS} jobs per concurrency, interleaved.`,
    rows,
    notes,
    data: {
      llmLatencyMs: LLM_LATENCY_MS,
      chunks,
      runs: figures,
      tokensBilledPerSlide: { withoutReasoning: billed, [REASONING_MODEL]: reasoning.billedPerSlide },
      reasoningTokensPerSlide: { [REASONING_MODEL]: reasoning.reasoningPerSlide },
    },
  };
}

await runIfMain(import.meta.url, generationWallTime);
