import type { JobNotice } from '@talk-track/core/client';
import type { TalkTrackMessages } from './talkTrackMessages.ts';

/**
 * How the kit reaches a person whose tabs are all hidden. The kit only holds this shape, so the
 * default bundle carries none of the Notification code: hosts import the implementation,
 * `notifyWhenHidden` from `@talk-track/react/notify-when-hidden`, and pass it to the provider.
 */
export interface HiddenNotifier {
  /** Called by `useTalkTrackJob().start`, inside the click that starts a job: browsers let a page ask only then. */
  requestPermission(): void;
  /** Whether a notification can be shown now. While false, a hidden tab leaves the ending to the toast. */
  canNotify(): boolean;
  /** Shows the ending; `open` runs when the person clicks it. Answers false when nothing was shown (the toast is shown instead). */
  show(notice: JobNotice, messages: TalkTrackMessages, open: () => void): boolean;
}
