/**
 * 6. Renders per progress tick: how many times the progress bar re-renders when its job's
 * progress changes (goal 1), and how many times components that show something else re-render
 * (goal 0): another deck's bar, banner, sidebar check and hook, and a page component with no hook.
 *
 * Real parts: the React components and provider in a happy-dom document, the client's watcher
 * and HTTP transport polling the real route handler (in-process) over the postgres.js store on
 * an embedded Postgres. The benchmark plays the worker through the store: it claims the jobs and
 * saves one chunk per tick. Renders are counted with React's <Profiler> (commits per subtree).
 */
import './support/installDom.ts';
import { randomUUID } from 'node:crypto';
import { cleanup, render, waitFor } from '@testing-library/react';
import { Profiler, type ReactNode } from 'react';
import { createTalkTrackClient } from '@talk-track/core/client';
import { createManualVisibility } from '@talk-track/testing';
import {
  TalkTrackBanner,
  TalkTrackProgress,
  TalkTrackProvider,
  TalkTrackSidebarCheck,
  useTalkTrackJob,
} from '@talk-track/react';
import { sampleDeck } from '../tooling/src/llm/sampleDeck.ts';
import { startApiStack } from './support/apiStack.ts';
import { progress as log, runIfMain } from './support/benchmark.ts';
import { chunkOutputs } from './support/chunkOutputs.ts';
import { verdict, type BenchReport, type BenchRow } from './support/table.ts';

const ID = 'renders';
const SLIDES = 55;
/** Progress ticks measured: chunks 1–10 of 11, so the job is still running at the end. */
const TICKS = 10;
/** Fast polling keeps the run short; the renders per change do not depend on the interval. */
const POLL_INTERVAL_MS = 50;
/** Reads after the change became visible that must not render anything (nothing changed). */
const QUIET_READS = 2;

const WATCHED = 'deck-watched';
const OTHER = 'deck-other';

/** Counted subtrees: the progress bar, the watched deck's other components, and everything unrelated to the tick. */
const SUBJECT = 'progress bar';
const SAME_DECK = ['banner (same deck)', 'sidebar check (same deck)'] as const;
const UNRELATED = [
  'progress bar (other deck)',
  'banner (other deck)',
  'sidebar check (other deck)',
  'useTalkTrackJob (other deck)',
  'page content (no hook)',
] as const;

export async function renders(): Promise<BenchReport> {
  log(ID, 'starting Postgres and the route handler');
  const api = await startApiStack();
  const commits = new Map<string, number>();
  const counted = (id: string, children: ReactNode) => (
    <Profiler id={id} onRender={() => commits.set(id, (commits.get(id) ?? 0) + 1)}>
      {children}
    </Profiler>
  );
  const client = createTalkTrackClient({
    fetch: api.fetch,
    storage: null,
    locks: null,
    channel: null,
    visibility: createManualVisibility(),
    intervalMs: POLL_INTERVAL_MS,
  });

  try {
    const watchedDeck = sampleDeck(SLIDES, { id: WATCHED });
    const watched = await client.start(watchedDeck);
    const other = await client.start(sampleDeck(SLIDES, { id: OTHER }));
    const owner = randomUUID();
    for (const job of [watched, other]) await api.store.claimJob(job.id, owner, 600);
    const outputs = chunkOutputs(watchedDeck, TICKS);

    const view = render(
      <TalkTrackProvider client={client}>
        {counted('page content (no hook)', <PageContent />)}
        {counted(SUBJECT, <TalkTrackProgress deckId={WATCHED} />)}
        {counted('banner (same deck)', <TalkTrackBanner deckId={WATCHED} />)}
        {counted('sidebar check (same deck)', <TalkTrackSidebarCheck deckId={WATCHED} />)}
        {counted('progress bar (other deck)', <TalkTrackProgress deckId={OTHER} />)}
        {counted('banner (other deck)', <TalkTrackBanner deckId={OTHER} />)}
        {counted('sidebar check (other deck)', <TalkTrackSidebarCheck deckId={OTHER} />)}
        {counted('useTalkTrackJob (other deck)', <OtherDeckStatus />)}
      </TalkTrackProvider>,
    );
    const bar = () => view.container.querySelector(`[data-state] [role="progressbar"]`)!;
    const settled = async (jobId: string) => api.untilReads(jobId, api.reads(jobId) + QUIET_READS + 1);

    // Both jobs seen as running, then quiet: only what happens after this is counted.
    await waitFor(() => expectState(view.container, 'running', 2));
    await settled(watched.id);
    commits.clear();

    log(ID, `${TICKS} progress ticks`);
    for (let tick = 0; tick < TICKS; tick++) {
      const saved = await api.store.saveChunk(watched.id, owner, tick, outputs[tick]!);
      await waitFor(() => {
        if (bar().getAttribute('aria-valuenow') !== String(saved!.progress))
          throw new Error(`bar not at ${saved!.progress}% yet`);
      });
      // Reads that bring nothing new must render nothing: let a few pass inside the tick.
      await settled(watched.id);
    }
    const perTick = new Map([...commits].map(([id, n]) => [id, n / TICKS]));

    log(ID, 'heartbeats (the row changes, nothing shown does)');
    commits.clear();
    for (let beat = 0; beat < TICKS; beat++) {
      await api.store.heartbeat(watched.id, owner, 600);
      await settled(watched.id);
    }
    const perHeartbeat = commits.get(SUBJECT) ?? 0;
    return report(perTick, perHeartbeat / TICKS);
  } finally {
    cleanup();
    await api.close();
  }
}

function PageContent() {
  return <main>Funnel builder, step 6: your slides</main>;
}

function OtherDeckStatus() {
  const job = useTalkTrackJob(OTHER);
  return <p>{job.status}</p>;
}

function expectState(container: HTMLElement, state: string, count: number) {
  const found = container.querySelectorAll(`.tt-progress[data-state="${state}"]`).length;
  if (found !== count) throw new Error(`${found} of ${count} bars ${state}`);
}

function report(perTick: Map<string, number>, perHeartbeat: number): BenchReport {
  const renders = (id: string) => perTick.get(id) ?? 0;
  const unrelated = UNRELATED.reduce((sum, id) => sum + renders(id), 0);
  const rows: BenchRow[] = [
    {
      measure: 'progress bar renders per tick',
      value: renders(SUBJECT).toFixed(2),
      baseline: '',
      ratio: '',
      goal: '1',
      verdict: verdict(renders(SUBJECT) === 1),
    },
    {
      measure: 'unrelated renders per tick (sum)',
      value: unrelated.toFixed(2),
      baseline: '',
      ratio: '',
      goal: '0',
      verdict: verdict(unrelated === 0),
    },
    ...UNRELATED.map((id): BenchRow => ({
      measure: `  ${id}`,
      value: renders(id).toFixed(2),
      baseline: '',
      ratio: '',
      goal: '0',
      verdict: '',
    })),
    ...SAME_DECK.map((id): BenchRow => ({
      measure: `${id} renders per tick`,
      value: renders(id).toFixed(2),
      baseline: '',
      ratio: '',
      goal: '',
      verdict: '',
    })),
    {
      measure: 'progress bar renders per heartbeat',
      value: perHeartbeat.toFixed(2),
      baseline: '',
      ratio: '',
      goal: '',
      verdict: '',
    },
  ];
  const notes = [
    `Each tick saves one chunk (the bar moves by ${Math.floor(100 / Math.ceil(SLIDES / 5))}–${Math.ceil(100 / Math.ceil(SLIDES / 5))} %), waits for the bar to show it, then lets ${QUIET_READS} more status reads pass that bring nothing new. Both decks' jobs are running and polled all along.`,
    'Same-deck rows are for information: the banner shows the estimate, which moves with each chunk; the sidebar check shows only the state, so a render per tick there is work without a visible change.',
    "A heartbeat changes the row's updated_at and lease only; a render per heartbeat means the client treats the newer timestamp as a change.",
  ];
  if (renders(SUBJECT) !== 1)
    notes.push(`Missed: the progress bar rendered ${renders(SUBJECT).toFixed(2)} times per tick.`);
  if (unrelated !== 0) notes.push(`Missed: unrelated components rendered ${unrelated.toFixed(2)} times per tick.`);
  return {
    id: ID,
    title: '6. Renders per progress tick',
    setup: `Provider, hook and components in happy-dom; the watcher polls the real route handler (in-process, postgres.js store on embedded Postgres) every ${POLL_INTERVAL_MS} ms; ${TICKS} ticks of a ${SLIDES}-slide job while another deck's job runs; counted with React's <Profiler>.`,
    rows,
    notes,
    data: { perTick: Object.fromEntries(perTick), perHeartbeat, ticks: TICKS },
  };
}

await runIfMain(import.meta.url, renders);
