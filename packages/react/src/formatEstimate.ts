import { formatMessage } from './formatMessage.ts';
import { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';

/** The estimate from past jobs is given to 10 s: finer would promise what a median cannot keep. */
const STEP_SECONDS = 10;

/**
 * The banner's estimate before the first chunk ends ("About 1 min 40 s left."), from the server's
 * history of finished jobs. Once chunks finish, `formatEta`'s whole minutes take over.
 */
export function formatEstimate(ms: number | null, messages: TalkTrackMessages = englishMessages): string | null {
  if (ms === null) return null;
  if (ms < 15_000) return messages.etaAlmostDone;
  const total = Math.round(ms / 1000 / STEP_SECONDS) * STEP_SECONDS;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const duration =
    minutes === 0
      ? formatMessage(messages.etaSeconds, messages.locale, { seconds })
      : formatMessage(messages.etaMinutesSeconds, messages.locale, { minutes, seconds });
  return formatMessage(messages.etaTimeLeft, messages.locale, { duration });
}
