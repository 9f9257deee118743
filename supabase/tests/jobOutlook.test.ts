import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OTHER_USER, OWNER } from './support/identities.ts';
import {
  TALK_TRACK,
  WORKER,
  claim,
  claimedInOrder,
  createJob,
  deckInput,
  jsonb,
  saveChunk,
} from './support/jobFixtures.ts';
import { rolledBack, type Tx } from './support/pgTest.ts';

interface Outlook {
  queue_ahead: number | null;
  estimated_seconds: number | null;
}

async function outlook(tx: Tx, jobId: string): Promise<Outlook> {
  const [row] = await tx<Outlook[]>`select * from talk_track_job_outlook(${jobId})`;
  return row!;
}

/** A job of `slides` one-slide chunks that ran `seconds` (by the database clock) and completed with `model` and `lanes`. */
async function finishJob(
  tx: Tx,
  deckId: string,
  slides: number,
  seconds: number,
  model: string | null,
  lanes: number | null,
): Promise<void> {
  const job = await createJob(tx, { deckId, chunks: slides });
  await claim(tx, job.id);
  // One transaction has one now(): the run "started" `seconds` before its chunks were saved.
  await tx`update talk_track_jobs set started_at = now() - make_interval(secs => ${seconds}) where id = ${job.id}`;
  for (let i = 0; i < slides; i++) await saveChunk(tx, job.id, i);
  await tx`select * from talk_track_complete_job(${job.id}, ${WORKER}, ${jsonb(tx, TALK_TRACK)}, ${model}, ${lanes})`;
  // Cleared, so the next job of the same user is not refused by the per-user start limits.
  await tx`delete from talk_track_jobs where id = ${job.id}`;
}

describe("the status read's outlook: place in line and an estimate from history", () => {
  const db = useTestDatabase();

  it('counts, for a waiting job, the waiting jobs of every user that started before it; none for a job with a slot', async () => {
    const outlooks = await rolledBack(db.sql, async (tx) => {
      await tx`update talk_track_settings set max_llm_calls_in_flight = 1`;
      const jobs = await claimedInOrder(tx, [
        { userId: OWNER, deckId: 'holder' },
        { userId: OTHER_USER, deckId: 'first' },
        { userId: OWNER, deckId: 'second' },
      ]);
      const asks = [];
      for (const job of jobs) {
        const [row] = await tx<
          { decision: string }[]
        >`select * from talk_track_begin_llm_call(${job.id}, ${WORKER}, 3, 60)`;
        asks.push(row!.decision);
      }
      expect(asks).toEqual(['go', 'wait', 'wait']);
      return Promise.all(jobs.map((job) => outlook(tx, job.id)));
    });
    expect(outlooks.map((o) => o.queue_ahead)).toEqual([null, 0, 1]);
  });

  it('records lane-seconds per slide per model on completion, and estimates from the median of the last 20', async () => {
    const result = await rolledBack(db.sql, async (tx) => {
      const pending = await createJob(tx, { userId: OTHER_USER, deckId: 'new', chunks: 10 });
      const before = await outlook(tx, pending.id);
      // Without a model (an older worker) nothing is recorded.
      await finishJob(tx, 'no-model', 2, 40, null, null);
      const afterUnrecorded = await outlook(tx, pending.id);
      // 4 slides in 40 s with 2 lanes → 20 lane-seconds per slide; then 30 and 10 (median 20).
      await finishJob(tx, 'a', 4, 40, 'model-a', 2);
      await finishJob(tx, 'b', 2, 30, 'model-a', 2);
      await finishJob(tx, 'c', 2, 10, 'model-a', 2);
      const timings = await tx<{ model: string; lanes: number; slides: number; lane_seconds_per_slide: number }[]>`
        select model, lanes, slides, lane_seconds_per_slide from talk_track_job_timings order by id`;
      const withHistory = await outlook(tx, pending.id);
      const [started] = await tx<{ estimated_seconds: number | null }[]>`
        select r.estimated_seconds from talk_track_create_job(${OTHER_USER}, 'started', ${jsonb(tx, deckInput('started', 5))}, 1, 5) r`;
      // Another model's history does not mix in: the newest timing names the model in use.
      await finishJob(tx, 'd', 1, 9, 'model-b', 3);
      const otherModel = await outlook(tx, pending.id);
      // Only the last 20 timings of a model count: 20 fast ones outweigh the slow one before them.
      await finishJob(tx, 'slow', 1, 900, 'model-b', 3);
      for (let i = 0; i < 20; i++) await finishJob(tx, `fast-${i}`, 1, 3, 'model-b', 3);
      const lastTwenty = await outlook(tx, pending.id);
      await tx`select * from talk_track_cancel_job(${pending.id}, ${OTHER_USER})`;
      const ended = await outlook(tx, pending.id);
      return { before, afterUnrecorded, timings, withHistory, started, otherModel, lastTwenty, ended };
    });
    expect(result.before).toEqual({ queue_ahead: null, estimated_seconds: null });
    expect(result.afterUnrecorded.estimated_seconds).toBeNull();
    expect(result.timings).toEqual([
      { model: 'model-a', lanes: 2, slides: 4, lane_seconds_per_slide: 20 },
      { model: 'model-a', lanes: 2, slides: 2, lane_seconds_per_slide: 30 },
      { model: 'model-a', lanes: 2, slides: 2, lane_seconds_per_slide: 10 },
    ]);
    // Median 20 lane-seconds × 10 slides ÷ 2 lanes.
    expect(result.withHistory.estimated_seconds).toBe(100);
    // A start answers the estimate along with the new job: 20 × 5 ÷ 2.
    expect(result.started?.estimated_seconds).toBe(50);
    // 9 s × 3 lanes ÷ 1 slide = 27; × 10 ÷ 3.
    expect(result.otherModel.estimated_seconds).toBe(90);
    // 3 s × 3 ÷ 1 = 9; × 10 ÷ 3.
    expect(result.lastTwenty.estimated_seconds).toBe(30);
    expect(result.ended.estimated_seconds).toBeNull();
  });

  it('cleanup keeps the newest 20 timings of each model', async () => {
    const kept = await rolledBack(db.sql, async (tx) => {
      await tx`
        insert into talk_track_job_timings (model, lanes, slides, lane_seconds_per_slide)
        select m, 3, 10, n from generate_series(1, 25) n, (values ('model-a'), ('model-b')) v(m)`;
      await tx`select talk_track_cleanup_jobs()`;
      return tx<{ model: string; n: number; low: number }[]>`
        select model, count(*)::int as n, min(lane_seconds_per_slide) as low from talk_track_job_timings group by model order by model`;
    });
    expect(kept).toEqual([
      { model: 'model-a', n: 20, low: 6 },
      { model: 'model-b', n: 20, low: 6 },
    ]);
  });
});
