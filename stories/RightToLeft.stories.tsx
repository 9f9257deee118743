import type { Meta, StoryObj } from '@storybook/react-vite';
import { englishMessages } from '@talk-track/react';
import GermanStories, { ThirtySevenPercent, type LocaleStoryArgs } from './Locales.stories.tsx';
import { loadJob } from './support/WithStoryJob.tsx';

/** The same components laid out right to left (the banner's button moves to the left, the bar fills from the right). */
const meta = {
  ...GermanStories,
  title: 'Locales/Right to left',
  args: {
    messages: englishMessages,
    dir: 'rtl',
    step: 'Step 6',
    closeToast: 'Close toast',
    notifications: 'Notifications',
  },
} satisfies Meta<LocaleStoryArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Running: Story = { ...ThirtySevenPercent, name: '37 %, dir="rtl"' };
export const Failed: Story = { name: 'Failed, dir="rtl"', loaders: [loadJob('failed')] };
