import type { ReactNode } from 'react';
import { useContext, useEffect } from 'react';
import { TalkTrackProvider, type TalkTrackMessages } from '@talk-track/react';
import type { TalkTrackClient } from '@talk-track/core/client';
import type { InMemoryTransport } from './inMemoryTransport.ts';
import { prepareStoryJob, type StoryJobOptions, type StoryState } from './storyJob.ts';
import { StoryThemeContext } from './storyTheme.ts';

export interface StoryJob {
  client: TalkTrackClient;
  memory: InMemoryTransport;
}

/** A Storybook loader: prepares the story's job before it renders (`loaded.job`). */
export const loadJob = (state: StoryState, options?: StoryJobOptions) => async () => ({
  job: await prepareStoryJob(state, options),
});

/** The provider around a story, with the prepared client and the toolbar's theme; stops the fake worker when the story goes away. */
export function WithStoryJob({
  job,
  messages,
  children,
}: {
  job: StoryJob;
  messages?: Partial<TalkTrackMessages>;
  children: ReactNode;
}) {
  const theme = useContext(StoryThemeContext);
  useEffect(() => () => job.memory.stop(), [job]);
  // A dark story says so with data-theme on the frame, as most hosts would; only system goes through the provider.
  return (
    <TalkTrackProvider client={job.client} theme={theme === 'system' ? 'system' : 'light'} messages={messages}>
      {children}
    </TalkTrackProvider>
  );
}
