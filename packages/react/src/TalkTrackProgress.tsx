'use client';

import type { CSSProperties } from 'react';
import { cx, jobViewState, type TalkTrackViewState } from './jobViewState.ts';
import { formatMessage } from './formatMessage.ts';
import { jobErrorText } from './jobErrorText.ts';
import type { TalkTrackMessages } from './talkTrackMessages.ts';
import { useTalkTrackMessages } from './talkTrackMessagesContext.ts';
import { useThemeClass } from './talkTrackTheme.ts';
import { useTalkTrackJob, type TalkTrackJob } from './useTalkTrackJob.ts';

/** Announcing every percent would drown a screen reader; quarters mark real progress on a 2–5 minute job. */
export const ANNOUNCE_EVERY_PERCENT = 25;

export interface TalkTrackProgressProps {
  deckId: string;
  /** Accessible name of the bar. Default `messages.progressLabel` (`'Talk track progress'`). */
  label?: string;
  /** Drop the default classes (and so `styles.css`); style from `data-state` yourself. Default `false`. */
  unstyled?: boolean;
  className?: string;
}

/** A progress bar with percentage and "chunk N of M", announcing milestones politely. Renders nothing when idle. */
export function TalkTrackProgress({ deckId, label, unstyled = false, className }: TalkTrackProgressProps) {
  const job = useTalkTrackJob(deckId);
  const themeClass = useThemeClass();
  const m = useTalkTrackMessages();
  const { progress, totalChunks } = job;
  const state = jobViewState(job);
  if (state === 'idle') return null;
  // Before the worker claims the job there is nothing to measure: an indeterminate bar, no value.
  const determinate = state !== 'queued' && !(state === 'reconnecting' && job.status === 'pending');
  const chunk = chunkLabel(job, state, m);
  const percent = formatPercent(progress, m);
  const c = (name: string) => (unstyled ? undefined : `tt-progress__${name}`);

  return (
    <div className={cx(!unstyled && 'tt-progress', !unstyled && themeClass, className)} data-state={state}>
      <div
        className={c('bar')}
        role="progressbar"
        aria-label={label ?? m.progressLabel}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={determinate ? progress : undefined}
        aria-valuetext={
          determinate
            ? chunk
              ? formatMessage(m.progressValueText, m.locale, { percent, chunk })
              : percent
            : m.progressQueued
        }
        data-state={state}
        style={{ '--tt-progress': `${determinate ? progress : 0}%` } as CSSProperties}
      >
        <div className={c('fill')} />
      </div>
      <p className={c('meta')}>
        <span className={c('percent')}>{determinate ? percent : m.progressQueued}</span>
        {chunk && totalChunks > 0 ? <span className={c('chunks')}>{chunk}</span> : null}
      </p>
      <p className={unstyled ? undefined : 'tt-visually-hidden'} role="status" aria-live="polite">
        {milestone(job, state, m)}
      </p>
    </div>
  );
}

/** The chunk being worked on ("chunk 3 of 8" while chunks 1–2 are done); all of them once completed. */
function chunkLabel(
  { currentChunk, totalChunks }: TalkTrackJob,
  state: TalkTrackViewState,
  m: TalkTrackMessages,
): string | null {
  if (totalChunks === 0 || state === 'queued') return null;
  const chunk = state === 'completed' ? totalChunks : Math.min(currentChunk + 1, totalChunks);
  return formatMessage(m.progressChunk, m.locale, { chunk, total: totalChunks });
}

/** "37%", "37 %" (German), "٣٧٪"…: the reader's way of writing a percentage. */
function formatPercent(progress: number, m: TalkTrackMessages): string {
  return new Intl.NumberFormat(m.locale, { style: 'percent' }).format(progress / 100);
}

/** Text that changes only at milestones, so the live region speaks only then. */
function milestone({ status, progress, error }: TalkTrackJob, state: TalkTrackViewState, m: TalkTrackMessages): string {
  if (state === 'completed') return m.announceReady;
  if (state === 'failed') return `${m.announceFailed} ${jobErrorText(error, m)}`.trim();
  if (state === 'cancelled') return m.announceCancelled;
  if (status === 'pending') return m.announceQueued;
  const reached = Math.floor(progress / ANNOUNCE_EVERY_PERCENT) * ANNOUNCE_EVERY_PERCENT;
  return reached === 0
    ? m.announceStarted
    : formatMessage(m.announcePercent, m.locale, { percent: formatPercent(reached, m) });
}
