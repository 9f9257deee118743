import type { Meta, StoryObj } from '@storybook/react-vite';
import { TalkTrackBanner } from '@talk-track/react';
import { StoryNote } from './support/StoryNote.tsx';
import { SYSTEM_THEME_NOTE } from './support/storyTheme.ts';
import { STORY_DECK_ID } from './support/storyJob.ts';
import { loadJob, WithStoryJob, type StoryJob } from './support/WithStoryJob.tsx';

const meta = {
  title: 'Components/TalkTrackBanner',
  component: TalkTrackBanner,
  args: { deckId: STORY_DECK_ID, showActions: true, unstyled: false },
  render: (args, { loaded, parameters }) => (
    <WithStoryJob job={loaded.job as StoryJob}>
      <TalkTrackBanner {...args} />
      <StoryNote>{parameters.note as string | undefined}</StoryNote>
    </WithStoryJob>
  ),
} satisfies Meta<typeof TalkTrackBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {
  loaders: [loadJob('idle')],
  parameters: { note: 'No job for this deck: the banner renders nothing.' },
};
export const Queued: Story = { loaders: [loadJob('queued')] };
export const Started: Story = {
  name: '0 %',
  loaders: [loadJob('0%')],
  parameters: { note: 'No chunk finished yet, so no estimate.' },
};
export const WaitingInLine: Story = {
  name: 'Waiting in line',
  loaders: [loadJob('0%', { waitingAhead: 4 })],
  parameters: { note: 'Every LLM slot of the host is taken: the job waits its turn and says how many jobs are ahead.' },
};
export const EstimateFromHistory: Story = {
  name: '0 %, estimate from past jobs',
  loaders: [loadJob('0%', { estimatedSeconds: 100 })],
  parameters: { note: 'No chunk finished yet; the server estimates from the timings of finished jobs.' },
};
export const ThirtySevenPercent: Story = { name: '37 %', loaders: [loadJob('37%')] };
export const NinetyNinePercent: Story = { name: '99 %', loaders: [loadJob('99%')] };
export const Completed: Story = {
  loaders: [loadJob('completed')],
  parameters: { note: 'Done: the toast and the sidebar check say so; the banner steps aside.' },
};
export const FailedWithRetry: Story = { loaders: [loadJob('failed')] };
export const Cancelled: Story = { loaders: [loadJob('cancelled')] };
export const Reconnecting: Story = {
  loaders: [loadJob('reconnecting')],
  parameters: { note: 'Status reads fail; the watcher backs off and keeps trying.' },
};
export const FiftyFiveSlideDeck: Story = { name: '55-slide deck', loaders: [loadJob('37%', { slides: 55 })] };
export const Dark: Story = { loaders: [loadJob('37%')], globals: { theme: 'dark' } };
export const SystemTheme: Story = {
  name: 'System theme',
  loaders: [loadJob('37%')],
  globals: { theme: 'system' },
  parameters: { note: SYSTEM_THEME_NOTE },
};
export const DarkFailed: Story = { loaders: [loadJob('failed')], globals: { theme: 'dark' } };
export const NarrowScreen: Story = { loaders: [loadJob('37%')], parameters: { frameWidth: 320 } };
export const WithoutActions: Story = { loaders: [loadJob('37%')], args: { showActions: false } };
export const Unstyled: Story = {
  loaders: [loadJob('37%')],
  args: { unstyled: true },
  parameters: { note: 'unstyled: no classes, only data-state for your own CSS.' },
};
