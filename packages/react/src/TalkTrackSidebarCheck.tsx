'use client';

import { cx, jobViewState, type TalkTrackViewState } from './jobViewState.ts';
import { useTalkTrackMessages } from './talkTrackMessagesContext.ts';
import { useThemeClass } from './talkTrackTheme.ts';
import { useTalkTrackJob } from './useTalkTrackJob.ts';

export interface TalkTrackSidebarCheckLabels {
  /** Default `messages.checkReady` (`'Talk track ready'`). */
  ready?: string;
  /** Default `messages.checkGenerating` (`'Generating talk track'`). */
  generating?: string;
  /** Default `messages.checkFailed` (`'Talk track failed'`). */
  failed?: string;
}

export interface TalkTrackSidebarCheckProps {
  deckId: string;
  labels?: TalkTrackSidebarCheckLabels;
  /** Drop the default classes (and so `styles.css`); style from `data-state` yourself. Default `false`. */
  unstyled?: boolean;
  className?: string;
}

const ICONS: Partial<Record<TalkTrackViewState, string>> = {
  completed: 'M5 12.5l4.5 4.5L19 7.5',
  failed: 'M12 7v6M12 16.5v.5',
};

/**
 * A small status mark for a navigation item: a green check when the talk track is ready, a quiet
 * spinner while it generates (no announcements: the progress bar speaks), a mark after a failure.
 * Renders nothing when idle or cancelled.
 */
export function TalkTrackSidebarCheck({
  deckId,
  labels = {},
  unstyled = false,
  className,
}: TalkTrackSidebarCheckProps) {
  const state = jobViewState(useTalkTrackJob(deckId));
  const themeClass = useThemeClass();
  const m = useTalkTrackMessages();
  if (state === 'idle' || state === 'cancelled') return null;
  const label =
    state === 'completed'
      ? (labels.ready ?? m.checkReady)
      : state === 'failed'
        ? (labels.failed ?? m.checkFailed)
        : (labels.generating ?? m.checkGenerating);
  const path = ICONS[state];
  return (
    <span
      className={cx(!unstyled && 'tt-check', !unstyled && themeClass, className)}
      data-state={state}
      role="img"
      aria-label={label}
      title={label}
    >
      <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
        {path ? (
          <path
            d={path}
            fill="none"
            stroke="currentColor"
            strokeWidth="2.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        ) : (
          <circle
            cx="12"
            cy="12"
            r="8"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.5"
            strokeDasharray="32 20"
            strokeLinecap="round"
          />
        )}
      </svg>
    </span>
  );
}
