import type { Meta, StoryObj } from '@storybook/react-vite';
import { Toaster } from 'sonner';
import { TalkTrackNotifications, TalkTrackProgress } from '@talk-track/react';
import { StoryNote } from './support/StoryNote.tsx';
import { SYSTEM_THEME_NOTE } from './support/storyTheme.ts';
import { STORY_DECK_ID } from './support/storyJob.ts';
import { loadJob, WithStoryJob, type StoryJob } from './support/WithStoryJob.tsx';

const meta = {
  title: 'Components/TalkTrackNotifications',
  component: TalkTrackNotifications,
  args: { onOpenResult: () => window.alert('The host opens the result here.') },
  render: (args, { loaded, parameters, globals }) => (
    <WithStoryJob job={loaded.job as StoryJob}>
      <TalkTrackProgress deckId={STORY_DECK_ID} />
      <TalkTrackNotifications {...args} />
      <Toaster theme={globals.theme as 'light' | 'dark' | 'system'} richColors closeButton />
      <StoryNote>{parameters.note as string | undefined}</StoryNote>
    </WithStoryJob>
  ),
  parameters: { note: 'The job ends a few seconds after the story loads; the toast fires once for it.' },
} satisfies Meta<typeof TalkTrackNotifications>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Completion: Story = { loaders: [loadJob('99%', { stepMs: 1_500 })] };
export const Failure: Story = {
  loaders: [
    async () => {
      const { job } = await loadJob('37%')();
      // The worker gives up a moment after the story shows.
      setTimeout(() => job.memory.api.fail(job.memory.api.jobIds()[0]!), 1_500);
      return { job };
    },
  ],
};
export const Dark: Story = { loaders: [loadJob('99%', { stepMs: 1_500 })], globals: { theme: 'dark' } };
export const SystemTheme: Story = {
  name: 'System theme',
  loaders: [loadJob('99%', { stepMs: 1_500 })],
  globals: { theme: 'system' },
  parameters: { note: SYSTEM_THEME_NOTE },
};
export const Plain: Story = {
  name: 'Without richColors',
  loaders: [loadJob('99%', { stepMs: 1_500 })],
  render: (args, { loaded }) => (
    <WithStoryJob job={loaded.job as StoryJob}>
      <TalkTrackNotifications {...args} />
      <Toaster closeButton />
    </WithStoryJob>
  ),
};
