import type { Meta, StoryObj } from '@storybook/react-vite';
import { TalkTrackSidebarCheck } from '@talk-track/react';
import { StoryNote } from './support/StoryNote.tsx';
import { SYSTEM_THEME_NOTE } from './support/storyTheme.ts';
import { STORY_DECK_ID } from './support/storyJob.ts';
import { loadJob, WithStoryJob, type StoryJob } from './support/WithStoryJob.tsx';

const STEPS = ['Audience', 'Offer', 'Landing page', 'Emails', 'Slides', 'Talk track'];

const meta = {
  title: 'Components/TalkTrackSidebarCheck',
  component: TalkTrackSidebarCheck,
  args: { deckId: STORY_DECK_ID, unstyled: false },
  render: (args, { loaded, parameters }) => (
    <WithStoryJob job={loaded.job as StoryJob}>
      <nav
        aria-label="Funnel steps"
        style={{ width: '15rem', border: '1px solid var(--tt-track)', borderRadius: '0.5rem', padding: '0.5rem 0' }}
      >
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {STEPS.map((step, i) => (
            <li
              key={step}
              style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '0.5rem 1rem' }}
            >
              <span>
                {i + 1}. {step}
              </span>
              {step === 'Talk track' ? <TalkTrackSidebarCheck {...args} /> : null}
            </li>
          ))}
        </ol>
      </nav>
      <StoryNote>{parameters.note as string | undefined}</StoryNote>
    </WithStoryJob>
  ),
} satisfies Meta<typeof TalkTrackSidebarCheck>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = { loaders: [loadJob('idle')], parameters: { note: 'Nothing to show before a job exists.' } };
export const Queued: Story = { loaders: [loadJob('queued')] };
export const Generating: Story = {
  loaders: [loadJob('37%')],
  parameters: { note: 'A quiet spinner, labelled "Generating talk track".' },
};
export const Completed: Story = { loaders: [loadJob('completed')] };
export const Failed: Story = { loaders: [loadJob('failed')] };
export const Cancelled: Story = {
  loaders: [loadJob('cancelled')],
  parameters: { note: 'Cancelled by the person: nothing to flag.' },
};
export const Reconnecting: Story = { loaders: [loadJob('reconnecting')] };
export const Dark: Story = { loaders: [loadJob('completed')], globals: { theme: 'dark' } };
export const SystemTheme: Story = {
  name: 'System theme',
  loaders: [loadJob('completed')],
  globals: { theme: 'system' },
  parameters: { note: SYSTEM_THEME_NOTE },
};
export const NarrowScreen: Story = { loaders: [loadJob('completed')], parameters: { frameWidth: 320 } };
export const CustomLabels: Story = { loaders: [loadJob('completed')], args: { labels: { ready: 'Script ready' } } };
