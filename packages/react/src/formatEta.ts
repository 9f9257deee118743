import { formatMessage } from './formatMessage.ts';
import { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';

/**
 * "About {duration} left." with the duration spelled by `spell`; "Almost done." under 15 s, and
 * `null` without an estimate. What `formatEta` and `formatEstimate` share.
 */
export function formatTimeLeft(
  ms: number | null,
  messages: TalkTrackMessages,
  spell: (ms: number) => string,
): string | null {
  if (ms === null) return null;
  if (ms < 15_000) return messages.etaAlmostDone;
  return formatMessage(messages.etaTimeLeft, messages.locale, { duration: spell(ms) });
}

/** Rounding to whole minutes: a countdown in seconds would promise a precision the estimate does not have. */
export function formatEta(ms: number | null, messages: TalkTrackMessages = englishMessages): string | null {
  return formatTimeLeft(ms, messages, (left) =>
    new Intl.NumberFormat(messages.locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(
      left < 90_000 ? 1 : Math.round(left / 60_000),
    ),
  );
}
