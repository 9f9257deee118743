import type { WorkerErrorCode } from '@talk-track/core/client';

/**
 * Every word the components say, in one object: pass a catalogue (or your own) to
 * `<TalkTrackProvider messages={…}>`. `{name}` placeholders are filled in, numbers formatted with
 * `Intl` for `locale`. Keys a partial object leaves out fall back to English.
 */
export interface TalkTrackMessages {
  /** BCP 47 language tag for numbers and durations (`Intl`). */
  locale: string;
  bannerGenerating: string;
  bannerQueued: string;
  /** While the job waits its turn behind others; `{ahead}` jobs are ahead. */
  bannerWaitingInLine: string;
  bannerReconnecting: string;
  bannerFailed: string;
  bannerCancelled: string;
  cancel: string;
  retry: string;
  etaAlmostDone: string;
  /** `{duration}`: minutes, spelled by `Intl` ("2 minutes", "2 Minuten"), or, before the first chunk, `etaMinutesSeconds` / `etaSeconds`. */
  etaTimeLeft: string;
  /** The estimate from past jobs, before the first chunk ends: `{minutes}` and `{seconds}` ("1 min 40 s"). */
  etaMinutesSeconds: string;
  /** The same under a minute: `{seconds}` ("40 s"). */
  etaSeconds: string;
  progressLabel: string;
  progressQueued: string;
  /** `{chunk}` of `{total}`. */
  progressChunk: string;
  /** The bar's aria-valuetext: `{percent}` and `{chunk}` (the text above). */
  progressValueText: string;
  announceQueued: string;
  announceStarted: string;
  /** `{percent}` at each quarter. */
  announcePercent: string;
  announceReady: string;
  announceFailed: string;
  announceCancelled: string;
  checkReady: string;
  checkGenerating: string;
  checkFailed: string;
  toastReady: string;
  /** `{slides}`: the deck's slide count. */
  toastReadyDescription: string;
  toastOpen: string;
  toastFailed: string;
  /** Why a job failed, by its error code. A code not listed shows the server's own (English) message. */
  jobErrors: Partial<Record<WorkerErrorCode, string>>;
}

export const englishMessages: TalkTrackMessages = {
  locale: 'en',
  bannerGenerating:
    "Generating talk track — this may take 2–5 minutes. You can keep working; we'll let you know when it's ready.",
  bannerQueued: 'Waiting to start…',
  bannerWaitingInLine: 'Waiting — {ahead} ahead of you',
  bannerReconnecting: 'Connection lost — reconnecting…',
  bannerFailed: 'Talk track generation failed.',
  bannerCancelled: 'Talk track generation was cancelled.',
  cancel: 'Cancel',
  retry: 'Retry',
  etaAlmostDone: 'Almost done.',
  etaTimeLeft: 'About {duration} left.',
  etaMinutesSeconds: '{minutes} min {seconds} s',
  etaSeconds: '{seconds} s',
  progressLabel: 'Talk track progress',
  progressQueued: 'Queued',
  progressChunk: 'chunk {chunk} of {total}',
  progressValueText: '{percent}, {chunk}',
  announceQueued: 'Talk track queued.',
  announceStarted: 'Talk track generation started.',
  announcePercent: 'Talk track {percent} done.',
  announceReady: 'Talk track ready.',
  announceFailed: 'Talk track failed.',
  announceCancelled: 'Talk track cancelled.',
  checkReady: 'Talk track ready',
  checkGenerating: 'Generating talk track',
  checkFailed: 'Talk track failed',
  toastReady: 'Your talk track is ready',
  toastReadyDescription: 'All {slides} slides have a script.',
  toastOpen: 'Open',
  toastFailed: 'Talk track generation failed',
  // The server's messages are English already, and say more (how many attempts were made).
  jobErrors: {},
};
