import { formatTimeLeft } from './formatEta.ts';
import { formatMessage } from './formatMessage.ts';
import { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';

/** The estimate from past jobs is given to 10 s: finer would promise what a median cannot keep. */
const STEP_SECONDS = 10;

/**
 * The banner's estimate before the first chunk ends ("About 1 min 40 s left."), from the server's
 * history of finished jobs. Once chunks finish, `formatEta`'s whole minutes take over.
 */
export function formatEstimate(ms: number | null, messages: TalkTrackMessages = englishMessages): string | null {
  return formatTimeLeft(ms, messages, (left) => {
    const total = Math.round(left / 1000 / STEP_SECONDS) * STEP_SECONDS;
    const minutes = Math.floor(total / 60);
    const seconds = total % 60;
    return minutes === 0
      ? formatMessage(messages.etaSeconds, messages.locale, { seconds })
      : formatMessage(messages.etaMinutesSeconds, messages.locale, { minutes, seconds });
  });
}
