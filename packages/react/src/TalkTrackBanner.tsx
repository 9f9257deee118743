'use client';

import type { ReactNode } from 'react';
import { formatEstimate } from './formatEstimate.ts';
import { formatEta } from './formatEta.ts';
import { formatMessage } from './formatMessage.ts';
import { jobErrorText } from './jobErrorText.ts';
import { cx, jobViewState } from './jobViewState.ts';
import { useTalkTrackMessages } from './talkTrackMessagesContext.ts';
import { useThemeClass } from './talkTrackTheme.ts';
import { useTalkTrackJob } from './useTalkTrackJob.ts';

export interface TalkTrackBannerProps {
  deckId: string;
  /** Cancel while it runs, Retry after a failure or cancel. Default `true`; set `false` when your page has its own buttons. */
  showActions?: boolean;
  /** Drop the default classes (and so `styles.css`); style from `data-state` yourself. Default `false`. */
  unstyled?: boolean;
  className?: string;
  /** Replaces the generating message (`messages.bannerGenerating`). */
  children?: ReactNode;
}

/**
 * The warning shown while a talk track generates, with its place in line while it waits for the
 * host's LLM limit, and the estimate (from past jobs until chunks finish, then measured); after a
 * failure or cancel, what happened and a retry. Renders nothing when idle or completed (the toast
 * and the sidebar check say that).
 */
export function TalkTrackBanner({
  deckId,
  showActions = true,
  unstyled = false,
  className,
  children,
}: TalkTrackBannerProps) {
  const job = useTalkTrackJob(deckId);
  const themeClass = useThemeClass();
  const m = useTalkTrackMessages();
  const state = jobViewState(job);
  if (state === 'idle' || state === 'completed') return null;
  const ended = state === 'failed' || state === 'cancelled';
  const c = (name: string) => (unstyled ? undefined : `tt-banner__${name}`);

  return (
    <div
      className={cx(!unstyled && 'tt-banner', !unstyled && themeClass, className)}
      data-state={state}
      role={state === 'failed' ? 'alert' : 'status'}
    >
      <span className={c('icon')} aria-hidden="true" />
      <div className={c('body')}>
        {ended ? (
          <p className={c('message')}>
            {state === 'failed' ? `${m.bannerFailed} ${jobErrorText(job.error, m)}`.trim() : m.bannerCancelled}
          </p>
        ) : (
          <>
            <p className={c('message')}>{children ?? m.bannerGenerating}</p>
            {/* Updated as chunks finish; kept out of the announcements so it does not talk over the page every chunk. */}
            <p className={c('eta')} aria-live="off">
              {state === 'reconnecting'
                ? m.bannerReconnecting
                : state === 'queued'
                  ? m.bannerQueued
                  : job.queueAhead !== null
                    ? formatMessage(m.bannerWaitingInLine, m.locale, { ahead: job.queueAhead })
                    : (job.currentChunk === 0 ? formatEstimate : formatEta)(job.etaMs, m)}
            </p>
          </>
        )}
      </div>
      {showActions ? (
        <button type="button" className={c('action')} onClick={() => void (ended ? job.retry() : job.cancel())}>
          {ended ? m.retry : m.cancel}
        </button>
      ) : null}
    </div>
  );
}
