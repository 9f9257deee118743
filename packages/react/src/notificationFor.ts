import type { JobNotice } from '@talk-track/core/client';
import { formatMessage } from './formatMessage.ts';
import { jobErrorText } from './jobErrorText.ts';
import type { TalkTrackMessages } from './talkTrackMessages.ts';

/** What the system notification says: the toast's words, from the same catalogue. */
export function notificationFor(
  { kind, job }: JobNotice,
  messages: TalkTrackMessages,
): { title: string; options: NotificationOptions } {
  const body =
    kind === 'completed'
      ? formatMessage(messages.toastReadyDescription, messages.locale, { slides: job.slideCount })
      : jobErrorText(job.error, messages);
  // The job id as the tag: should two tabs ever both show it, the system keeps one.
  return {
    title: kind === 'completed' ? messages.toastReady : messages.toastFailed,
    options: { body, tag: job.jobId, lang: messages.locale },
  };
}
