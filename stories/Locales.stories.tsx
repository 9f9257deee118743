import type { Meta, StoryObj } from '@storybook/react-vite';
import { Toaster } from 'sonner';
import { germanMessages } from '@talk-track/react/locales/de';
import {
  TalkTrackBanner,
  TalkTrackNotifications,
  TalkTrackProgress,
  TalkTrackSidebarCheck,
  type TalkTrackMessages,
} from '@talk-track/react';
import { STORY_DECK_ID } from './support/storyJob.ts';
import { loadJob, WithStoryJob, type StoryJob } from './support/WithStoryJob.tsx';

export interface LocaleStoryArgs {
  messages: Partial<TalkTrackMessages>;
  dir: 'ltr' | 'rtl';
  /** The host's own words: the sidebar item, sonner's labels. */
  step: string;
  closeToast: string;
  notifications: string;
}

/** Every component at once, in one language and direction: the toast included once the job ends. */
const meta = {
  title: 'Locales/German',
  args: {
    messages: germanMessages,
    dir: 'ltr',
    step: 'Schritt 6',
    closeToast: 'Schließen',
    notifications: 'Benachrichtigungen',
  },
  render: ({ messages, dir, step, closeToast, notifications }, { loaded }) => (
    <div dir={dir} lang={messages.locale}>
      <WithStoryJob job={loaded.job as StoryJob} messages={messages}>
        <p>
          {step} <TalkTrackSidebarCheck deckId={STORY_DECK_ID} />
        </p>
        <TalkTrackBanner deckId={STORY_DECK_ID} />
        <TalkTrackProgress deckId={STORY_DECK_ID} />
        <TalkTrackNotifications onOpenResult={() => {}} />
        <Toaster
          dir={dir}
          richColors
          closeButton
          containerAriaLabel={notifications}
          toastOptions={{ closeButtonAriaLabel: closeToast }}
        />
      </WithStoryJob>
    </div>
  ),
} satisfies Meta<LocaleStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Queued: Story = { loaders: [loadJob('queued')] };
export const Started: Story = { name: '0 %', loaders: [loadJob('0%')] };
export const WaitingInLine: Story = { name: 'Waiting in line', loaders: [loadJob('0%', { waitingAhead: 4 })] };
export const EstimateFromHistory: Story = {
  name: '0 %, estimate from past jobs',
  loaders: [loadJob('0%', { estimatedSeconds: 100 })],
};
export const ThirtySevenPercent: Story = { name: '37 %', loaders: [loadJob('37%')] };
export const NinetyNinePercent: Story = { name: '99 %', loaders: [loadJob('99%')] };
export const CompletedToast: Story = {
  name: 'Completed, with the toast',
  loaders: [loadJob('99%', { stepMs: 1_500 })],
};
export const FailedToast: Story = {
  name: 'Failed, with the toast',
  loaders: [
    async () => {
      const { job } = await loadJob('37%')();
      setTimeout(() => job.memory.api.fail(job.memory.api.jobIds()[0]!), 1_500);
      return { job };
    },
  ],
};
export const Cancelled: Story = { loaders: [loadJob('cancelled')] };
export const Reconnecting: Story = { loaders: [loadJob('reconnecting')] };
