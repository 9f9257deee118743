import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Profiler, useState } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTalkTrackRig, sampleDeck } from '@talk-track/testing/react';
import { TalkTrackBanner } from './TalkTrackBanner.tsx';
import { TalkTrackProgress } from './TalkTrackProgress.tsx';
import { TalkTrackSidebarCheck } from './TalkTrackSidebarCheck.tsx';
import { useTalkTrackJob } from './useTalkTrackJob.ts';

afterEach(cleanup);

function Status({ deckId = 'deck-1', testId = 'status' }: { deckId?: string; testId?: string }) {
  const job = useTalkTrackJob(deckId);
  return (
    <p data-testid={testId}>{`${job.status} ${job.progress}% ${job.jobId ?? 'none'} ${job.slides.length} slides`}</p>
  );
}

function Hydration({ deckId = 'deck-1' }: { deckId?: string }) {
  return <p data-testid="hydration">{useTalkTrackJob(deckId).isHydrated ? 'known' : 'finding'}</p>;
}

function GeneratePage() {
  const job = useTalkTrackJob('deck-1');
  return (
    <button type="button" onClick={() => void job.start(sampleDeck('deck-1', 40))}>
      Generate
    </button>
  );
}

/** A page starts a job and closes (the tab's client is dropped); the worker then claims it and saves a chunk. */
async function startJobThenClosePage() {
  const rig = createTalkTrackRig();
  const before = rig.tab();
  const first = render(
    rig.wrap(
      before,
      <>
        <GeneratePage />
        <Status />
      </>,
    ),
  );
  await act(async () => {
    fireEvent.click(screen.getByText('Generate'));
    await before.settle();
  });
  first.unmount();
  const [jobId] = rig.api.jobIds();
  rig.api.claim(jobId!);
  rig.api.saveChunk(jobId!);
  return { rig, jobId: jobId! };
}

describe('useTalkTrackJob', () => {
  it('reads no clock while it renders a deck with no job, so Next.js can prerender it (cacheComponents refuses Date.now())', () => {
    const rig = createTalkTrackRig();
    const now = vi.spyOn(rig.clock, 'now');
    expect(renderToString(rig.wrap(rig.tab(), <Status />))).toContain('idle 0% none');
    expect(now).not.toHaveBeenCalled();
  });

  it('keeps a job updating across a route change, and the next page shows the same job', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    function App() {
      const [page, setPage] = useState<'generate' | 'other'>('generate');
      return (
        <>
          <button type="button" onClick={() => setPage('other')}>
            Go elsewhere
          </button>
          {page === 'generate' ? <GeneratePage /> : <Status />}
        </>
      );
    }
    render(rig.wrap(client, <App />));
    await act(async () => {
      fireEvent.click(screen.getByText('Generate'));
      await client.settle();
    });
    const [jobId] = rig.api.jobIds();
    fireEvent.click(screen.getByText('Go elsewhere'));
    expect(screen.queryByText('Generate')).toBeNull();
    expect(screen.getByTestId('status')).toHaveTextContent(`pending 0% ${jobId}`);

    rig.api.claim(jobId!);
    rig.api.saveChunk(jobId!);
    rig.api.saveChunk(jobId!);
    rig.api.saveChunk(jobId!);
    await rig.advance(3_000, client);
    expect(screen.getByTestId('status')).toHaveTextContent(`processing 37% ${jobId} 15 slides`);
  });

  it('stops polling when the job ends', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    render(
      rig.wrap(
        client,
        <>
          <GeneratePage />
          <Status />
        </>,
      ),
    );
    await act(async () => {
      fireEvent.click(screen.getByText('Generate'));
      await client.settle();
    });
    const [jobId] = rig.api.jobIds();
    rig.api.claim(jobId!);
    rig.api.complete(jobId!);
    await rig.advance(3_000, client);
    expect(screen.getByTestId('status')).toHaveTextContent('completed 100%');
    expect(rig.clock.pending).toBe(0);
    await rig.advance(600_000, client);
    expect(rig.api.statusReads()).toBe(1);
  });

  it('picks the job up after a reload and polls it again, rendering the same HTML on the server and the first client pass', async () => {
    const { rig, jobId } = await startJobThenClosePage();

    // The reload: a new client over the same storage, server-rendered, then hydrated.
    const after = rig.tab();
    const html = renderToString(rig.wrap(after, <Status />));
    expect(html).toContain('idle 0% none');
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const recoverable = vi.fn();
    let root!: ReturnType<typeof hydrateRoot>;
    await act(async () => {
      root = hydrateRoot(container, rig.wrap(after, <Status />), { onRecoverableError: recoverable });
    });
    expect(recoverable).not.toHaveBeenCalled();
    // Hydrated after mount: the stored job shows at once, without its slides (they are not stored)…
    expect(container).toHaveTextContent(`pending 0% ${jobId} 0 slides`);
    // …and the watcher reads it straight away.
    await rig.advance(0, after);
    expect(container).toHaveTextContent(`processing 12% ${jobId} 5 slides`);
    await rig.advance(3_000, after);
    expect(rig.api.statusReads()).toBe(2);
    act(() => root.unmount());
    container.remove();
  });

  it.each([
    ['a corrupt entry', '{"state":{"jobs":{"deck-1":'],
    [
      'an entry of an old version',
      JSON.stringify({ state: { jobs: { 'deck-1': { jobId: 'j', status: 'processing' } } }, version: 0 }),
    ],
    ['someone else’s value under our key', JSON.stringify({ theme: 'dark' })],
  ])('drops %s and renders the app', async (_label, value) => {
    const rig = createTalkTrackRig();
    rig.storage.setItem('talk-track', value);
    const client = rig.tab();
    render(rig.wrap(client, <Status />));
    expect(screen.getByTestId('status')).toHaveTextContent('idle 0% none');
    expect(client.store.getState().hydrated).toBe(true);
    expect(rig.storage.getItem('talk-track') ?? '').not.toContain('processing');
  });

  it.each([
    ['a corrupt entry', '{"state":{"jobs":{"deck-1":{"jobId":"'],
    [
      'an entry of an old version',
      JSON.stringify({ state: { jobs: { 'deck-1': { jobId: 'j', status: 'processing' } } }, version: 0 }),
    ],
  ])(
    'after a reload onto %s mid-job, renders the app, finds the job on the server and polls it to completion',
    async (_label, value) => {
      const { rig, jobId } = await startJobThenClosePage();
      expect(rig.storage.getItem('talk-track')).toContain(jobId);
      rig.storage.setItem('talk-track', value);

      const after = rig.tab();
      render(
        rig.wrap(
          after,
          <>
            <Hydration />
            <Status />
          </>,
        ),
      );
      // The app is up at once; the job shows as soon as the server answered.
      expect(screen.getByTestId('status')).toHaveTextContent('idle 0% none');
      expect(screen.getByTestId('hydration')).toHaveTextContent('finding');
      await act(() => after.settle());
      expect(screen.getByTestId('status')).toHaveTextContent(`processing 12% ${jobId} 5 slides`);
      expect(screen.getByTestId('hydration')).toHaveTextContent('known');
      // One lookup per page load: the first found nothing (before the start), the reload found the job.
      expect(rig.api.lookups('deck-1')).toBe(2);

      for (let chunk = 2; chunk <= 8; chunk++) rig.api.saveChunk(jobId!);
      rig.api.complete(jobId!);
      await rig.advance(3_000, after);
      expect(screen.getByTestId('status')).toHaveTextContent(`completed 100% ${jobId} 40 slides`);
      expect(rig.clock.pending).toBe(0);
      expect(JSON.parse(rig.storage.getItem('talk-track') as string).state.jobs['deck-1']).toMatchObject({
        jobId,
        status: 'completed',
      });
    },
  );

  it('asks the server once for a deck shown by several components, and shows idle when it has no job', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    render(
      rig.wrap(
        client,
        <>
          <Hydration />
          <Status testId="a" />
          <Status testId="b" />
          <GeneratePage />
        </>,
      ),
    );
    await act(() => client.settle());
    expect(screen.getByTestId('a')).toHaveTextContent('idle 0% none');
    expect(screen.getByTestId('hydration')).toHaveTextContent('known');
    expect(rig.api.lookups()).toBe(1);
  });

  it('makes one set of status requests for two tabs, and both show every update', async () => {
    const rig = createTalkTrackRig();
    const tabA = rig.tab();
    const tabB = rig.tab();
    render(
      <>
        {rig.wrap(tabA, <Status testId="a" />)}
        {rig.wrap(
          tabB,
          <>
            <GeneratePage />
            <Status testId="b" />
          </>,
        )}
      </>,
    );
    await act(async () => {
      fireEvent.click(screen.getByText('Generate'));
      await tabB.settle();
    });
    const [jobId] = rig.api.jobIds();
    rig.api.claim(jobId!);
    for (let chunk = 1; chunk <= 4; chunk++) {
      rig.api.saveChunk(jobId!);
      await rig.advance(3_000, tabA, tabB);
      const percent = Math.floor((100 * chunk) / 8);
      await vi.waitFor(
        () => {
          expect(screen.getByTestId('a')).toHaveTextContent(`processing ${percent}%`);
          expect(screen.getByTestId('b')).toHaveTextContent(`processing ${percent}%`);
        },
        { interval: 1 },
      );
    }
    expect(rig.api.statusReads()).toBe(4);
  });

  it('does not re-render components of one deck when another deck’s job moves', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    const { id: a } = await client.start(sampleDeck('deck-a', 40));
    await client.start(sampleDeck('deck-b', 40));
    const renders = { 'deck-a': 0, 'deck-b': 0 };
    const count = (id: string) => () => void (renders[id as keyof typeof renders] += 1);
    render(
      rig.wrap(
        client,
        <>
          <Profiler id="deck-a" onRender={count('deck-a')}>
            <Status deckId="deck-a" testId="a" />
          </Profiler>
          <Profiler id="deck-b" onRender={count('deck-b')}>
            <Status deckId="deck-b" testId="b" />
          </Profiler>
        </>,
      ),
    );
    await rig.advance(3_000, client);
    const before = { ...renders };

    rig.api.claim(a);
    rig.api.saveChunk(a);
    await rig.advance(3_000, client);
    expect(screen.getByTestId('a')).toHaveTextContent('processing 12%');
    expect(renders['deck-a']).toBeGreaterThan(before['deck-a']);
    expect(renders['deck-b']).toBe(before['deck-b']);
  });

  it('renders nothing on a lease heartbeat (nothing visible changed), and renders again on the next chunk', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    const { id } = await client.start(sampleDeck('deck-1', 40));
    const renders: Record<string, number> = {};
    const counted = (name: string, node: React.ReactNode) => (
      <Profiler id={name} onRender={() => void (renders[name] = (renders[name] ?? 0) + 1)}>
        {node}
      </Profiler>
    );
    render(
      rig.wrap(
        client,
        <>
          {counted('progress', <TalkTrackProgress deckId="deck-1" />)}
          {counted('banner', <TalkTrackBanner deckId="deck-1" />)}
          {counted('check', <TalkTrackSidebarCheck deckId="deck-1" />)}
          {counted('hook', <Status />)}
        </>,
      ),
    );
    await rig.advance(3_000, client);
    rig.api.claim(id);
    rig.api.saveChunk(id);
    await rig.advance(3_000, client);
    expect(screen.getByTestId('status')).toHaveTextContent('processing 12%');
    const before = { ...renders };
    const updatedAt = client.store.getState().jobs['deck-1']!.updatedAt;

    for (let beat = 0; beat < 3; beat++) {
      rig.api.heartbeat(id);
      await rig.advance(3_000, client);
    }
    // The heartbeats were read (the store moved on), yet no component rendered.
    expect(client.store.getState().jobs['deck-1']!.updatedAt).not.toBe(updatedAt);
    expect(renders).toEqual(before);

    rig.api.saveChunk(id);
    await rig.advance(3_000, client);
    expect(screen.getByTestId('status')).toHaveTextContent('processing 25%');
    for (const name of ['progress', 'banner', 'check', 'hook'])
      expect(renders[name], name).toBeGreaterThan(before[name]!);
  });

  it('reports a refused start in actionError instead of rejecting', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    let job!: ReturnType<typeof useTalkTrackJob>;
    function Probe() {
      job = useTalkTrackJob('deck-1');
      return null;
    }
    render(rig.wrap(client, <Probe />));
    let answer: unknown = 'unset';
    await act(async () => {
      answer = await job.start({ ...sampleDeck('deck-1'), slides: [] });
    });
    expect(answer).toBeNull();
    expect(job.actionError).toMatchObject({ code: 'validation_failed', field: 'deck.slides' });
    expect(() => job.start(sampleDeck('another-deck'))).toThrow(/pass the deck whose id you gave the hook/);
  });
});
