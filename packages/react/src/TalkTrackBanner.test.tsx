import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TalkTrackBanner } from './TalkTrackBanner.tsx';
import { englishMessages } from './talkTrackMessages.ts';
import { createTalkTrackRig, type DrivenState } from '@talk-track/testing/react';

afterEach(cleanup);

async function renderIn(state: DrivenState | 'idle', props: Partial<Parameters<typeof TalkTrackBanner>[0]> = {}) {
  const rig = createTalkTrackRig();
  const client = rig.tab();
  const view = render(rig.wrap(client, <TalkTrackBanner deckId="deck-1" {...props} />));
  const jobId = state === 'idle' ? null : await rig.driveTo(client, state);
  const root = () => view.container.firstChild as HTMLElement | null;
  return { rig, client, view, jobId, root };
}

describe('TalkTrackBanner', () => {
  it.each(['idle', 'completed'] as const)('renders nothing when %s', async (state) => {
    const { view } = await renderIn(state);
    expect(view.container).toBeEmptyDOMElement();
  });

  it('warns while queued, as a polite status', async () => {
    const { root } = await renderIn('queued');
    expect(root()).toHaveAttribute('data-state', 'queued');
    expect(root()).toHaveAttribute('role', 'status');
    expect(root()).toHaveTextContent(englishMessages.bannerGenerating);
    expect(root()).toHaveTextContent('Waiting to start…');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
  });

  it('shows the exact warning, then an estimate from the measured speed once chunks finish', async () => {
    const { rig, client, jobId, root } = await renderIn('0%');
    expect(root()).toHaveAttribute('data-state', 'running');
    expect(root()).toHaveTextContent(
      "Generating talk track — this may take 2–5 minutes. You can keep working; we'll let you know when it's ready.",
    );
    expect(root()!.querySelector('.tt-banner__eta')).toBeEmptyDOMElement();

    // First seen processing at 3 s; 3 chunks seen done at 63 s: 20 s a chunk, 5 to go → 100 s.
    await rig.advance(57_000, client);
    for (let i = 0; i < 3; i++) rig.api.saveChunk(jobId!);
    await rig.advance(3_000, client);
    expect(root()).toHaveTextContent('About 2 minutes left.');
    for (let i = 0; i < 4; i++) rig.api.saveChunk(jobId!);
    await rig.advance(3_000, client);
    expect(root()).toHaveTextContent('Almost done.');
  });

  it('estimates from past jobs at 0 % ("About 1 min 40 s left."), then lets measured chunks take over', async () => {
    const { rig, client, jobId, root } = await renderIn('0%');
    const eta = () => root()!.querySelector('.tt-banner__eta');
    expect(eta()).toBeEmptyDOMElement();
    // The server's history: 100 s for this deck. Learned with the next read, and fixed from then on.
    rig.api.outlook(jobId!, { estimatedSeconds: 100 });
    await rig.advance(3_000, client);
    expect(eta()).toHaveTextContent('About 1 min 40 s left.');
    await rig.advance(30_000, client);
    // Chunks measured: 2 in 36 s (first seen at 3 s, now 39 s) → 18 s a chunk, 6 to go → about 2 minutes.
    for (let i = 0; i < 2; i++) rig.api.saveChunk(jobId!);
    await rig.advance(3_000, client);
    expect(eta()).toHaveTextContent('About 2 minutes left.');
  });

  it('says how many jobs are ahead while it waits its turn, and follows the line without a change to the job', async () => {
    const { rig, client, jobId, root } = await renderIn('0%');
    rig.api.outlook(jobId!, { ahead: 4 });
    await rig.advance(3_000, client);
    expect(root()).toHaveAttribute('data-state', 'running');
    expect(root()!.querySelector('.tt-banner__eta')).toHaveTextContent('Waiting — 4 ahead of you');
    // Others got their turn: the job's row (and updatedAt) did not change, its place did.
    rig.api.outlook(jobId!, { ahead: 1 });
    await rig.advance(3_000, client);
    expect(root()!.querySelector('.tt-banner__eta')).toHaveTextContent('Waiting — 1 ahead of you');
    rig.api.outlook(jobId!, { ahead: null });
    await rig.advance(3_000, client);
    expect(root()!.querySelector('.tt-banner__eta')).toBeEmptyDOMElement();
  });

  it('says it is reconnecting while status reads fail', async () => {
    const { root } = await renderIn('reconnecting');
    expect(root()).toHaveAttribute('data-state', 'reconnecting');
    expect(root()).toHaveTextContent('Connection lost — reconnecting…');
  });

  it('alerts on failure with the reason, and retries', async () => {
    const { rig, client, root } = await renderIn('failed');
    expect(root()).toHaveAttribute('data-state', 'failed');
    expect(root()).toHaveAttribute('role', 'alert');
    expect(root()).toHaveTextContent(
      'Talk track generation failed. The language model is unavailable. Try again in a few minutes.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await rig.advance(0, client);
    expect(root()).toHaveAttribute('data-state', 'queued');
  });

  it('says when it was cancelled, and cancels from its button', async () => {
    const { rig, client, root } = await renderIn('37%');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await rig.advance(0, client);
    expect(root()).toHaveAttribute('data-state', 'cancelled');
    expect(root()).toHaveTextContent('Talk track generation was cancelled.');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('leaves the buttons out on request, and its classes when unstyled', async () => {
    const { view, root } = await renderIn('37%', { showActions: false, unstyled: true, className: 'host-banner' });
    expect(screen.queryByRole('button')).toBeNull();
    expect(root()!.className).toBe('host-banner');
    expect(view.container.querySelectorAll('[class]')).toHaveLength(1);
    expect(root()).toHaveAttribute('data-state', 'running');
  });
});
