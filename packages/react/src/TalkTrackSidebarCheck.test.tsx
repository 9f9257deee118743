import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TalkTrackSidebarCheck } from './TalkTrackSidebarCheck.tsx';
import { createTalkTrackRig, type DrivenState } from '@talk-track/testing/react';

afterEach(cleanup);

async function renderIn(state: DrivenState | 'idle', props: Partial<Parameters<typeof TalkTrackSidebarCheck>[0]> = {}) {
  const rig = createTalkTrackRig();
  const client = rig.tab();
  const view = render(rig.wrap(client, <TalkTrackSidebarCheck deckId="deck-1" {...props} />));
  if (state !== 'idle') await rig.driveTo(client, state);
  return view;
}

describe('TalkTrackSidebarCheck', () => {
  it.each(['idle', 'cancelled'] as const)('renders nothing when %s', async (state) => {
    const view = await renderIn(state);
    expect(view.container).toBeEmptyDOMElement();
  });

  it.each([
    ['completed', 'completed', 'Talk track ready'],
    ['queued', 'queued', 'Generating talk track'],
    ['37%', 'running', 'Generating talk track'],
    ['reconnecting', 'reconnecting', 'Generating talk track'],
    ['failed', 'failed', 'Talk track failed'],
  ] as const)('when %s is an image labelled for what it means', async (state, dataState, label) => {
    await renderIn(state);
    const mark = screen.getByRole('img', { name: label });
    expect(mark).toHaveAttribute('data-state', dataState);
    expect(mark).toHaveClass('tt-check');
    // Quiet: never a live region, the progress bar does the talking.
    expect(mark).not.toHaveAttribute('aria-live');
  });

  it('takes the host’s labels and styling', async () => {
    await renderIn('completed', { labels: { ready: 'Script done' }, unstyled: true, className: 'nav-mark' });
    const mark = screen.getByRole('img', { name: 'Script done' });
    expect(mark.className).toBe('nav-mark');
  });
});
