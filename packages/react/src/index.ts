export { TalkTrackProvider, type TalkTrackProviderProps } from './TalkTrackProvider.tsx';
export type { TalkTrackTheme } from './talkTrackTheme.ts';
export { useTalkTrackJob, type TalkTrackJob } from './useTalkTrackJob.ts';
export { TalkTrackBanner, type TalkTrackBannerProps } from './TalkTrackBanner.tsx';
export { TalkTrackProgress, type TalkTrackProgressProps } from './TalkTrackProgress.tsx';
export { TalkTrackSidebarCheck, type TalkTrackSidebarCheckProps } from './TalkTrackSidebarCheck.tsx';
export { TalkTrackNotifications, type TalkTrackNotificationsProps } from './TalkTrackNotifications.tsx';
export { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';
// The core pieces a host names beside the components (react-query re-exports query-core the same
// way): a client of its own for the provider's `client`, the error an action fails with, the deck
// it starts a job with, and what comes back.
export {
  createTalkTrackClient,
  TalkTrackApiError,
  type TalkTrackClient,
  type DeckInput,
  type JobSnapshot,
  type TalkTrack,
  type TalkTrackSlide,
} from '@talk-track/core/client';
