import { formatMessage } from './formatMessage.ts';
import { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';

/** Rounding to whole minutes: a countdown in seconds would promise a precision the estimate does not have. */
export function formatEta(ms: number | null, messages: TalkTrackMessages = englishMessages): string | null {
  if (ms === null) return null;
  if (ms < 15_000) return messages.etaAlmostDone;
  const minutes = ms < 90_000 ? 1 : Math.round(ms / 60_000);
  const duration = new Intl.NumberFormat(messages.locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
  return formatMessage(messages.etaTimeLeft, messages.locale, { duration });
}
