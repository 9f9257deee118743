/**
 * 4. Time to notice completion: from a job's completion in the database to the hook's state
 * changing in the page, median over 20 jobs, with the default polling.
 *
 * Real parts: the provider and `useTalkTrackJob` in a happy-dom document; the client's watcher
 * and HTTP transport at their defaults, reading the real route handler (in-process) over the
 * postgres.js store on an embedded Postgres. The benchmark plays the worker through the store and
 * completes the jobs one by one, at moments spread evenly over two polling intervals, so they fall
 * at every phase of the poll.
 */
import './support/installDom.ts';
import { randomUUID } from 'node:crypto';
import { cleanup, render, waitFor } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { createManualVisibility, createTalkTrackClient, DEFAULT_CHUNK_SIZE, DEFAULT_POLL_INTERVAL_MS } from '@talk-track/core';
import { TalkTrackProvider, useTalkTrackJob } from '@talk-track/react';
import { sampleDeck } from '../tooling/src/llm/sampleDeck.ts';
import { startApiStack } from './support/apiStack.ts';
import { progress, runIfMain } from './support/benchmark.ts';
import { chunkOutputs, finishedTalkTrack } from './support/chunkOutputs.ts';
import { median, summarize, type LatencySummary } from './support/percentiles.ts';
import { ms, ratio, verdict, type BenchReport, type BenchRow } from './support/table.ts';

const ID = 'timeToNotice';
const JOBS = 20;
/** Completions are spread over this many polling intervals. */
const SPREAD_INTERVALS = 2;
const GOAL_PUSH_MS = 500;

/** When each deck's hook first reported `completed` (performance.now()). */
type Noticed = Map<string, number>;

export async function timeToNotice(): Promise<BenchReport> {
  progress(ID, 'starting Postgres and the route handler');
  const polling = await measure(DEFAULT_POLL_INTERVAL_MS);
  return report(polling);
}

async function measure(intervalMs: number): Promise<LatencySummary & { samples: number[] }> {
  const api = await startApiStack();
  const client = createTalkTrackClient({ fetch: api.fetch, storage: null, locks: null, channel: null, visibility: createManualVisibility() });
  const noticed: Noticed = new Map();
  try {
    const decks = Array.from({ length: JOBS }, (_, i) => sampleDeck(DEFAULT_CHUNK_SIZE, { id: `deck-${i}` }));
    const owner = randomUUID();
    const jobs = [];
    for (const deck of decks) {
      const job = await client.start(deck);
      // Everything but the completion happens up front: the one write measured from is the last.
      await api.store.claimJob(job.id, owner, 600);
      await api.store.saveChunk(job.id, owner, 0, chunkOutputs(deck, 1)[0]!);
      jobs.push(job);
    }
    const result = finishedTalkTrack(decks[0]!);
    const view = render(
      <TalkTrackProvider client={client}>
        {decks.map((deck) => (
          <Watch key={deck.id} deckId={deck.id} noticed={noticed} />
        ))}
      </TalkTrackProvider>,
    );
    // Every job read and seen running before the first completion.
    await waitFor(() => {
      const running = view.container.querySelectorAll('[data-status="processing"]').length;
      if (running < JOBS) throw new Error(`${running} of ${JOBS} seen running`);
    }, { timeout: 2 * intervalMs });

    progress(ID, `completing ${JOBS} jobs over ${((SPREAD_INTERVALS * intervalMs) / 1000).toFixed(0)} s`);
    const step = (SPREAD_INTERVALS * intervalMs) / JOBS;
    const start = performance.now();
    const completedAt = new Map<string, number>();
    for (const [i, job] of jobs.entries()) {
      const wait = start + i * step - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const done = await api.store.completeJob(job.id, owner, result);
      if (!done) throw new Error(`job ${job.id} did not complete`);
      // The commit is behind us once the call returns: measure from here.
      completedAt.set(decks[i]!.id, performance.now());
    }
    await waitFor(() => {
      if (noticed.size < JOBS) throw new Error(`${noticed.size} of ${JOBS} noticed`);
    }, { timeout: 3 * intervalMs });
    const samples = decks.map((deck) => noticed.get(deck.id)! - completedAt.get(deck.id)!);
    return { ...summarize(samples), samples };
  } finally {
    cleanup();
    await api.close();
  }
}

function Watch({ deckId, noticed }: { deckId: string; noticed: Noticed }) {
  const { status } = useTalkTrackJob(deckId);
  // Layout effects run as the change is committed to the page.
  useLayoutEffect(() => {
    if (status === 'completed' && !noticed.has(deckId)) noticed.set(deckId, performance.now());
  }, [deckId, noticed, status]);
  return <p data-status={status}>{deckId}</p>;
}

function report(polling: LatencySummary & { samples: number[] }): BenchReport {
  const expected = DEFAULT_POLL_INTERVAL_MS / 2;
  const rows: BenchRow[] = [
    { measure: `polling every ${DEFAULT_POLL_INTERVAL_MS / 1000} s: median`, value: ms(polling.p50), baseline: `interval / 2 = ${ms(expected)}`, ratio: ratio(polling.p50, expected), goal: '', verdict: '' },
    { measure: `polling every ${DEFAULT_POLL_INTERVAL_MS / 1000} s: p95`, value: ms(polling.p95), baseline: `interval ${ms(DEFAULT_POLL_INTERVAL_MS)}`, ratio: ratio(polling.p95, DEFAULT_POLL_INTERVAL_MS), goal: '', verdict: '' },
    { measure: 'push or long-poll: median', value: 'none exists', baseline: '', ratio: '', goal: `≤ ${ms(GOAL_PUSH_MS)}`, verdict: verdict(false) },
  ];
  return {
    id: ID,
    title: '4. Time to notice completion',
    setup: `${JOBS} jobs watched by one client (default watcher, HTTP transport to the real route handler in-process, postgres.js store on embedded Postgres), completed ${ms((SPREAD_INTERVALS * DEFAULT_POLL_INTERVAL_MS) / JOBS)} apart; from the completion's commit to the hook's status changing in the page (layout effect).`,
    rows,
    notes: [
      `With polling the wait is the time to the next read: spread evenly over the interval, its median is half the interval (${ms(expected)}); the ratio shows how close the watcher keeps to that.`,
      `Missed: there is no push or long-poll path yet, so a completion waits for the next poll; the median is bounded below by half the interval (${ms(expected)}), three times the ${ms(GOAL_PUSH_MS)} goal. Polling faster trades requests for latency (${DEFAULT_POLL_INTERVAL_MS / GOAL_PUSH_MS / 2}× the reads to reach it).`,
    ],
    data: { polling: { ...polling, intervalMs: DEFAULT_POLL_INTERVAL_MS }, medianMs: median(polling.samples) },
  };
}

await runIfMain(import.meta.url, timeToNotice);
