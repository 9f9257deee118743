import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TalkTrackProgress } from './TalkTrackProgress.tsx';
import { createTalkTrackRig, type DrivenState } from '@talk-track/testing/react';

afterEach(cleanup);

async function renderIn(state: DrivenState | 'idle', props: Partial<Parameters<typeof TalkTrackProgress>[0]> = {}) {
  const rig = createTalkTrackRig();
  const client = rig.tab();
  const view = render(rig.wrap(client, <TalkTrackProgress deckId="deck-1" {...props} />));
  const jobId = state === 'idle' ? null : await rig.driveTo(client, state);
  return { rig, client, view, jobId };
}

const bar = () => screen.getByRole('progressbar', { name: 'Talk track progress' });
const live = () => screen.getByRole('status');

describe('TalkTrackProgress', () => {
  it('renders nothing while no job is known', async () => {
    const { view } = await renderIn('idle');
    expect(view.container).toBeEmptyDOMElement();
  });

  it('is indeterminate while queued: no aria-valuenow', async () => {
    const { view } = await renderIn('queued');
    expect(view.container.firstChild).toHaveAttribute('data-state', 'queued');
    expect(bar()).not.toHaveAttribute('aria-valuenow');
    expect(bar()).toHaveAttribute('aria-valuetext', 'Queued');
    expect(view.container).toHaveTextContent('Queued');
    expect(live()).toHaveTextContent('Talk track queued.');
  });

  it.each([
    ['0%', 0, 'chunk 1 of 8', 'Talk track generation started.'],
    ['37%', 37, 'chunk 4 of 8', 'Talk track 25% done.'],
    ['99%', 99, 'chunk 8 of 8', 'Talk track 75% done.'],
  ] as const)('at %s shows the value, the chunk and the last milestone', async (state, value, chunk, milestone) => {
    const { view } = await renderIn(state);
    expect(view.container.firstChild).toHaveAttribute('data-state', 'running');
    expect(bar()).toHaveAttribute('aria-valuenow', String(value));
    expect(bar()).toHaveAttribute('aria-valuemin', '0');
    expect(bar()).toHaveAttribute('aria-valuemax', '100');
    expect(bar()).toHaveAttribute('aria-valuetext', `${value}%, ${chunk}`);
    expect(bar()).toHaveStyle({ '--tt-progress': `${value}%` });
    expect(view.container).toHaveTextContent(`${value}%${chunk}`);
    expect(live()).toHaveTextContent(milestone);
  });

  it.each([
    ['completed', 'completed', '100', 'Talk track ready.'],
    ['failed', 'failed', '25', 'Talk track failed. The language model is unavailable. Try again in a few minutes.'],
    ['cancelled', 'cancelled', '0', 'Talk track cancelled.'],
    ['reconnecting', 'reconnecting', '12', 'Talk track generation started.'],
  ] as const)('when %s says so', async (state, dataState, value, milestone) => {
    const { view } = await renderIn(state);
    expect(view.container.firstChild).toHaveAttribute('data-state', dataState);
    expect(bar()).toHaveAttribute('aria-valuenow', value);
    expect(live()).toHaveTextContent(milestone);
  });

  it('announces milestones only, not every percent', async () => {
    const { rig, client, jobId } = await renderIn('0%');
    const spoken = [live().textContent];
    for (let chunk = 1; chunk <= 8; chunk++) {
      rig.api.saveChunk(jobId!);
      await rig.advance(3_000, client);
      if (live().textContent !== spoken.at(-1)) spoken.push(live().textContent);
    }
    rig.api.complete(jobId!);
    await rig.advance(3_000, client);
    spoken.push(live().textContent);
    expect(spoken).toEqual([
      'Talk track generation started.',
      'Talk track 25% done.',
      'Talk track 50% done.',
      'Talk track 75% done.',
      'Talk track ready.',
    ]);
  });

  it('drops its classes when unstyled, keeping data-state and ARIA', async () => {
    const { view } = await renderIn('37%', { unstyled: true, className: 'mine', label: 'Script progress' });
    const root = view.container.firstChild as HTMLElement;
    expect(root.className).toBe('mine');
    expect(view.container.querySelectorAll('[class]')).toHaveLength(1);
    expect(screen.getByRole('progressbar', { name: 'Script progress' })).toHaveAttribute('aria-valuenow', '37');
  });

  it('follows the job live', async () => {
    const { rig, client, jobId } = await renderIn('37%');
    rig.api.saveChunk(jobId!);
    await act(async () => rig.advance(3_000, client));
    expect(bar()).toHaveAttribute('aria-valuenow', '50');
  });
});
