/**
 * 7. Estimate accuracy: how far the banner's estimate of the time left is off at 10 % and at 50 %
 * of a job's run, with the history estimate (new) and without it (the old way: the static
 * "2–5 minutes" until a chunk finishes, then the measured speed of the chunks).
 *
 * Replayed timings: a fixed, seeded trace of jobs (12–55 slides, 5 slides a chunk, 3 lanes), each
 * chunk call taking the job's own pace (some jobs run on a busy provider) times per-call noise, as
 * real calls of 10–30 s do. Real parts: the history goes into `talk_track_job_timings` on an
 * embedded Postgres with the real migration and the estimate comes from its
 * `talk_track_estimate_seconds`; the ETA is the client's own `estimateCompletionAt`.
 */
import { DEFAULT_CHUNK_SIZE, DEFAULT_WORKER_CONFIG } from '@talk-track/testing/internals';
import { estimateCompletionAt } from '@talk-track/core/client';
import { progress, runIfMain } from './support/benchmark.ts';
import { startBenchDatabase } from './support/benchDatabase.ts';
import { median, percentile } from './support/percentiles.ts';
import { verdict, type BenchReport, type BenchRow } from './support/table.ts';
import { seededRandom } from '../tooling/src/llm/seededRandom.ts';

const ID = 'etaAccuracy';
/** Jobs that only build history before any is measured (the estimate reads the last 20). */
const WARM_UP = 20;
const MEASURED = 100;
const LANES = DEFAULT_WORKER_CONFIG.chunkConcurrency;
/** What "2–5 minutes" says as a number: its middle. */
const STATIC_SECONDS = 210;
const POINTS = [0.1, 0.5] as const;
/** Seeded, so every run replays the same trace. */
const SEED = 20261129;

interface ReplayedJob {
  slides: number;
  /** When each chunk was saved, seconds after the run started, in order. */
  chunkDoneAt: number[];
  seconds: number;
}

export async function etaAccuracy(): Promise<BenchReport> {
  const random = seededRandom(SEED);
  const jobs = Array.from({ length: WARM_UP + MEASURED }, () => replayJob(random));
  progress(ID, 'starting Postgres');
  const db = await startBenchDatabase({ poolSize: 1 });
  const errors = { history: new Map<number, number[]>(), old: new Map<number, number[]>() };
  try {
    for (const [index, job] of jobs.entries()) {
      if (index >= WARM_UP) {
        const [row] = await db.sql<
          { seconds: number | null }[]
        >`select public.talk_track_estimate_seconds(${job.slides}) as seconds`;
        for (const point of POINTS) {
          const at = point * job.seconds;
          // With nothing to go on, the banner keeps the static text.
          const or = (remaining: number | null) => remaining ?? STATIC_SECONDS - at;
          push(errors.history, point, relativeError(job, at, or(remainingAt(job, at, row!.seconds))));
          push(errors.old, point, relativeError(job, at, or(remainingAt(job, at, null))));
        }
      }
      // The figure talk_track_complete_job records for the finished run.
      await db.sql`
        insert into public.talk_track_job_timings (model, lanes, slides, lane_seconds_per_slide)
        values (${DEFAULT_WORKER_CONFIG.model}, ${LANES}, ${job.slides}, ${(job.seconds * LANES) / job.slides})`;
    }
  } finally {
    await db.close();
  }

  const rows: BenchRow[] = POINTS.flatMap((point) => {
    const history = errors.history.get(point)!;
    const old = errors.old.get(point)!;
    const label = `${Math.round(point * 100)} %`;
    return [
      {
        measure: `median error at ${label}`,
        value: pct(median(history)),
        baseline: pct(median(old)),
        ratio: ratio(median(history), median(old)),
        goal: point === 0.1 ? '< baseline' : '≤ baseline',
        verdict: verdict(point === 0.1 ? median(history) < median(old) : median(history) <= median(old)),
      },
      {
        measure: `p90 error at ${label}`,
        value: pct(percentile(history, 90)),
        baseline: pct(percentile(old, 90)),
        ratio: ratio(percentile(history, 90), percentile(old, 90)),
        goal: '',
        verdict: '',
      },
    ];
  });
  return {
    id: ID,
    title: '7. Estimate accuracy (time left, history vs the old static text + chunks)',
    setup: `${MEASURED} replayed jobs after ${WARM_UP} of history; 12–55 slides, ${DEFAULT_CHUNK_SIZE} a chunk, ${LANES} lanes, calls of 10–30 s. Error: |estimated − actual time left| ÷ the job's duration. Baseline: no history ("2–5 minutes" read as ${STATIC_SECONDS} s until a chunk is measured).`,
    rows,
    notes: [
      "At 10 % most jobs have no chunk saved yet, so the old way has only the static text; the history estimate scales with the slide count and the model's recent pace.",
      'At 50 % most jobs have chunks measured, and both use the same measured speed; they differ on small jobs whose chunks all run at once in the lanes (none saved yet), and the measured speed itself is coarse while lanes finish in bursts (the p90).',
      'Timings are a seeded trace, not recordings of a provider; they vary per job (a busy provider) and per call.',
    ],
    data: { history: Object.fromEntries(errors.history), old: Object.fromEntries(errors.old) },
  };
}

/** The client's ETA at `at` s into the run, as seconds left; `null` when it has nothing to go on. */
function remainingAt(job: ReplayedJob, at: number, estimatedSeconds: number | null): number | null {
  const saved = job.chunkDoneAt.filter((t) => t <= at);
  const lastSaved = saved.at(-1) ?? 0;
  const ms = (s: number) => s * 1000;
  const completionAt = estimateCompletionAt({
    status: 'processing',
    // Seen running from the start; the latest chunk count seen when it was saved.
    pace: { from: { chunks: 0, at: 0 }, to: { chunks: saved.length, at: ms(lastSaved) } },
    currentChunk: saved.length,
    totalChunks: job.chunkDoneAt.length,
    startedAt: new Date(0).toISOString(),
    updatedAt: new Date(ms(lastSaved)).toISOString(),
    estimatedDoneAt: estimatedSeconds === null ? null : ms(estimatedSeconds),
  });
  return completionAt === null ? null : completionAt / 1000 - at;
}

function relativeError(job: ReplayedJob, at: number, remaining: number): number {
  return Math.abs(Math.max(0, remaining) - (job.seconds - at)) / job.seconds;
}

/** One job's run: chunks handed to the first free of the lanes, in order. */
function replayJob(random: () => number): ReplayedJob {
  const slides = 12 + Math.floor(random() * 44);
  // A job's pace: most run at 15 s a call, some on a busy provider up to twice that.
  const pace = 12 + 6 * random() + (random() < 0.2 ? 10 * random() : 0);
  const lanes = Array<number>(LANES).fill(0);
  const chunkDoneAt: number[] = [];
  for (let chunk = 0; chunk < Math.ceil(slides / DEFAULT_CHUNK_SIZE); chunk++) {
    const lane = lanes.indexOf(Math.min(...lanes));
    lanes[lane]! += pace * (0.7 + 0.6 * random());
    chunkDoneAt.push(lanes[lane]!);
  }
  chunkDoneAt.sort((a, b) => a - b);
  return { slides, chunkDoneAt, seconds: chunkDoneAt.at(-1)! };
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

const pct = (value: number) => `${(value * 100).toFixed(0)} %`;
const ratio = (value: number, baseline: number) => (baseline > 0 ? `${(value / baseline).toFixed(2)}×` : '');

await runIfMain(import.meta.url, etaAccuracy);
