/**
 * 4. Time to notice completion: from a job's completion in the database to the hook's state
 * changing in the page, median over 20 jobs, with the default polling and with long-polling
 * (`longPollMs`: the route handler holds each read until the job changes).
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
import { DEFAULT_CHUNK_SIZE, LONG_POLL_CHECK_MS, MAX_WAIT_FOR_CHANGE_MS } from '@talk-track/testing/internals';
import { createTalkTrackClient } from '@talk-track/core/client';
import { createManualVisibility, DEFAULT_POLL_INTERVAL_MS } from '@talk-track/testing';
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
/** As long as the route handler holds a read. */
const LONG_POLL_MS = MAX_WAIT_FOR_CHANGE_MS;

/** When each deck's hook first reported `completed` (performance.now()). */
type Noticed = Map<string, number>;

export async function timeToNotice(): Promise<BenchReport> {
  progress(ID, 'polling: starting Postgres and the route handler');
  const polling = await measure(0);
  progress(ID, `long-polling (longPollMs ${LONG_POLL_MS}): starting Postgres and the route handler`);
  const longPolling = await measure(LONG_POLL_MS);
  return report(polling, longPolling);
}

type Figures = LatencySummary & { samples: number[] };

async function measure(longPollMs: number): Promise<Figures> {
  const intervalMs = DEFAULT_POLL_INTERVAL_MS;
  // One client watches all 20 jobs, as one user: past the default of 4 held reads per user the
  // server would refuse to hold the rest (429, a plain read 3 s later), and the figure would mix
  // long-polling with that fallback. Each job here stands for one person's job.
  const api = await startApiStack({ heldReads: { perUser: JOBS } });
  const client = createTalkTrackClient({
    fetch: api.fetch,
    storage: null,
    locks: null,
    channel: null,
    visibility: createManualVisibility(),
    longPollMs,
  });
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
    await waitFor(
      () => {
        const running = view.container.querySelectorAll('[data-status="processing"]').length;
        if (running < JOBS) throw new Error(`${running} of ${JOBS} seen running`);
      },
      { timeout: 2 * intervalMs },
    );

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
    await waitFor(
      () => {
        if (noticed.size < JOBS) throw new Error(`${noticed.size} of ${JOBS} noticed`);
      },
      { timeout: 3 * intervalMs },
    );
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

function report(polling: Figures, longPolling: Figures): BenchReport {
  const expected = DEFAULT_POLL_INTERVAL_MS / 2;
  const longPollPass = longPolling.p50 <= GOAL_PUSH_MS;
  const rows: BenchRow[] = [
    {
      measure: `polling every ${DEFAULT_POLL_INTERVAL_MS / 1000} s: median`,
      value: ms(polling.p50),
      baseline: `interval / 2 = ${ms(expected)}`,
      ratio: ratio(polling.p50, expected),
      goal: '',
      verdict: '',
    },
    {
      measure: `polling every ${DEFAULT_POLL_INTERVAL_MS / 1000} s: p95`,
      value: ms(polling.p95),
      baseline: `interval ${ms(DEFAULT_POLL_INTERVAL_MS)}`,
      ratio: ratio(polling.p95, DEFAULT_POLL_INTERVAL_MS),
      goal: '',
      verdict: '',
    },
    {
      measure: 'long-polling: median',
      value: ms(longPolling.p50),
      baseline: `polling ${ms(polling.p50)}`,
      ratio: ratio(longPolling.p50, polling.p50),
      goal: `≤ ${ms(GOAL_PUSH_MS)}`,
      verdict: verdict(longPollPass),
    },
    {
      measure: 'long-polling: p95',
      value: ms(longPolling.p95),
      baseline: `server check ${ms(LONG_POLL_CHECK_MS)}`,
      ratio: ratio(longPolling.p95, LONG_POLL_CHECK_MS),
      goal: '',
      verdict: '',
    },
  ];
  const notes = [
    `With polling the wait is the time to the next read: spread evenly over the interval, its median is half the interval (${ms(expected)}); the ratio shows how close the watcher keeps to that.`,
    `Long-polling (client option longPollMs: ${LONG_POLL_MS}; the route handler holds a read up to ${ms(MAX_WAIT_FOR_CHANGE_MS)} and looks at the row every ${ms(LONG_POLL_CHECK_MS)}): the wait is the time to the server's next look, about half the check interval, plus the answer. ` +
      `The price is database reads: ${(1000 / LONG_POLL_CHECK_MS).toFixed(0)} row reads a second per watched job instead of one every ${DEFAULT_POLL_INTERVAL_MS / 1000} s.`,
  ];
  if (!longPollPass)
    notes.push(
      `Missed: long-polling's median is bounded by half the server's check interval (${ms(LONG_POLL_CHECK_MS / 2)}) plus the read and the render.`,
    );
  return {
    id: ID,
    title: '4. Time to notice completion',
    setup: `${JOBS} jobs watched by one client (default watcher, HTTP transport to the real route handler in-process, postgres.js store on embedded Postgres), completed ${ms((SPREAD_INTERVALS * DEFAULT_POLL_INTERVAL_MS) / JOBS)} apart; from the completion's commit to the hook's status changing in the page (layout effect). Polling first, then long-polling, each on a fresh database; the handler lets the one client hold all ${JOBS} reads (the default is 4 per user).`,
    rows,
    notes,
    data: {
      polling: { ...polling, intervalMs: DEFAULT_POLL_INTERVAL_MS },
      longPolling: { ...longPolling, longPollMs: LONG_POLL_MS, checkMs: LONG_POLL_CHECK_MS },
      medianMs: median(polling.samples),
    },
  };
}

await runIfMain(import.meta.url, timeToNotice);
