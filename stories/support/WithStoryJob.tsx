import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { TalkTrackProvider } from '@talk-track/react';
import type { TalkTrackClient } from '@talk-track/core/client';
import type { InMemoryTransport } from './inMemoryTransport.ts';
import { prepareStoryJob, type StoryJobOptions, type StoryState } from './storyJob.ts';

export interface StoryJob {
  client: TalkTrackClient;
  memory: InMemoryTransport;
}

/** A Storybook loader: prepares the story's job before it renders (`loaded.job`). */
export const loadJob = (state: StoryState, options?: StoryJobOptions) => async () => ({ job: await prepareStoryJob(state, options) });

/** The provider around a story, with the prepared client; stops the fake worker when the story goes away. */
export function WithStoryJob({ job, children }: { job: StoryJob; children: ReactNode }) {
  useEffect(() => () => job.memory.stop(), [job]);
  return <TalkTrackProvider client={job.client}>{children}</TalkTrackProvider>;
}
