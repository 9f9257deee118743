export { TalkTrackProvider, type TalkTrackProviderProps } from './TalkTrackProvider.tsx';
export type { TalkTrackTheme } from './talkTrackTheme.ts';
export { useTalkTrackClient } from './talkTrackContext.ts';
export { useTalkTrackJob, type TalkTrackJob } from './useTalkTrackJob.ts';
export { TalkTrackBanner, BANNER_MESSAGE, type TalkTrackBannerProps } from './TalkTrackBanner.tsx';
export { TalkTrackProgress, type TalkTrackProgressProps } from './TalkTrackProgress.tsx';
export { TalkTrackSidebarCheck, type TalkTrackSidebarCheckProps, type TalkTrackSidebarCheckLabels } from './TalkTrackSidebarCheck.tsx';
export { TalkTrackNotifications, type TalkTrackNotificationsProps } from './TalkTrackNotifications.tsx';
export type { HiddenNotifier } from './hiddenNotifier.ts';
export { jobViewState, type TalkTrackViewState } from './jobViewState.ts';
export { formatEta } from './formatEta.ts';
export { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';
// The core pieces a host needs beside the components (react-query re-exports query-core the same way).
export {
  createTalkTrackClient,
  createHttpTransport,
  TalkTrackApiError,
  type TalkTrackClient,
  type TalkTrackClientOptions,
  type TalkTrackTransport,
  type TrackedJob,
  type StartOptions,
  // The shapes a host's own code names: the deck it starts a job with, and what comes back.
  type DeckInput,
  type JobSnapshot,
  type JobStatus,
  type TalkTrack,
  type TalkTrackSlide,
} from '@talk-track/core/client';
