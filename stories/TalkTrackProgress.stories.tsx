import type { Meta, StoryObj } from '@storybook/react-vite';
import { TalkTrackProgress } from '@talk-track/react';
import { StoryNote } from './support/StoryNote.tsx';
import { SYSTEM_THEME_NOTE } from './support/storyTheme.ts';
import { STORY_DECK_ID } from './support/storyJob.ts';
import { loadJob, WithStoryJob, type StoryJob } from './support/WithStoryJob.tsx';

const meta = {
  title: 'Components/TalkTrackProgress',
  component: TalkTrackProgress,
  args: { deckId: STORY_DECK_ID, label: 'Talk track progress', unstyled: false },
  render: (args, { loaded, parameters }) => (
    <WithStoryJob job={loaded.job as StoryJob}>
      <div style={{ maxWidth: '32rem' }}>
        <TalkTrackProgress {...args} />
      </div>
      <StoryNote>{parameters.note as string | undefined}</StoryNote>
    </WithStoryJob>
  ),
} satisfies Meta<typeof TalkTrackProgress>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {
  loaders: [loadJob('idle')],
  parameters: { note: 'No job for this deck: the bar renders nothing.' },
};
export const Queued: Story = {
  loaders: [loadJob('queued')],
  parameters: { note: 'Indeterminate until the worker starts: no aria-valuenow.' },
};
export const Started: Story = { name: '0 %', loaders: [loadJob('0%')] };
export const ThirtySevenPercent: Story = { name: '37 %', loaders: [loadJob('37%')] };
export const NinetyNinePercent: Story = { name: '99 %', loaders: [loadJob('99%')] };
export const Completed: Story = { loaders: [loadJob('completed')] };
export const Failed: Story = { loaders: [loadJob('failed')] };
export const Cancelled: Story = { loaders: [loadJob('cancelled')] };
export const Reconnecting: Story = { loaders: [loadJob('reconnecting')] };
export const FiftyFiveSlideDeck: Story = { name: '55-slide deck', loaders: [loadJob('37%', { slides: 55 })] };
export const Running: Story = {
  loaders: [loadJob('0%', { stepMs: 1_500 })],
  parameters: { note: 'A fake worker finishes a chunk every 1.5 s.' },
};
export const Dark: Story = { loaders: [loadJob('37%')], globals: { theme: 'dark' } };
export const SystemTheme: Story = {
  name: 'System theme',
  loaders: [loadJob('37%')],
  globals: { theme: 'system' },
  parameters: { note: SYSTEM_THEME_NOTE },
};
export const NarrowScreen: Story = { loaders: [loadJob('37%')], parameters: { frameWidth: 320 } };
export const Unstyled: Story = { loaders: [loadJob('37%')], args: { unstyled: true } };
