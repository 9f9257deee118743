import type { JobError } from '@talk-track/core/client';
import type { TalkTrackMessages } from './talkTrackMessages.ts';

/** Why a job failed, in the reader's words when the catalogue has its code, else the server's. */
export function jobErrorText(error: JobError | null, messages: TalkTrackMessages): string {
  if (!error) return '';
  return messages.jobErrors[error.code as keyof TalkTrackMessages['jobErrors']] ?? error.message;
}
