'use client';

import { useContext, useEffect, useRef } from 'react';
import { toast } from 'sonner';
import type { JobNotice, TrackedJob } from '@talk-track/core/client';
import { cx } from './jobViewState.ts';
import { HiddenNotifierContext, useTalkTrackClient } from './talkTrackContext.ts';
import { formatMessage } from './formatMessage.ts';
import { jobErrorText } from './jobErrorText.ts';
import { useTalkTrackMessages } from './talkTrackMessagesContext.ts';
import { useThemeClass } from './talkTrackTheme.ts';

/** Long enough to notice on returning to the tab; the person also finds the result through the sidebar check. */
export const NOTIFICATION_DURATION_MS = 10_000;

export interface TalkTrackNotificationsProps {
  /** Shown as the "Open" action of the completion toast. Without it the toast has no action. */
  onOpenResult?: (job: TrackedJob) => void;
  /** Default `NOTIFICATION_DURATION_MS`. */
  duration?: number;
  /**
   * Leave sonner's own colours alone. Default `false`: the toasts carry `tt-toast`, whose colours
   * in `styles.css` meet WCAG AA in light and dark, with or without sonner's `richColors`.
   */
  unstyled?: boolean;
}

/**
 * Toasts through sonner when a job this browser watched completes or fails — once per job across
 * remounts, reloads and tabs (the core's notice feed and ledger decide; this only shows them).
 * Render it once, inside `TalkTrackProvider`, next to sonner's `<Toaster />`.
 */
export function TalkTrackNotifications(props: TalkTrackNotificationsProps) {
  const client = useTalkTrackClient();
  const themeClass = useThemeClass();
  const messages = useTalkTrackMessages();
  const notifier = useContext(HiddenNotifierContext);
  // The latest props and words, read by the one subscription instead of resubscribing on each change.
  const latest = useRef({ ...props, themeClass, messages });
  // Updated after each commit, before any notice of it can be shown: never from a render React may throw away.
  useEffect(() => {
    latest.current = { ...props, themeClass, messages };
  });

  useEffect(() => {
    const stopNotices = client.notices.subscribe((notice: JobNotice) => {
      const { kind, job, key } = notice;
      const {
        onOpenResult,
        duration = NOTIFICATION_DURATION_MS,
        unstyled = false,
        themeClass,
        messages: m,
      } = latest.current;
      // Every tab hidden: the system notification instead of a toast nobody sees (which the ledger keeps from other tabs too).
      if (notice.hidden && notifier?.show(notice, m, () => kind === 'completed' && onOpenResult?.(job))) return;
      const className = unstyled ? undefined : cx('tt-toast', themeClass);
      // The notice key as the toast id: a second <TalkTrackNotifications> in the same tab shows the same toast, not two.
      if (kind === 'completed') {
        toast.success(m.toastReady, {
          id: key,
          duration,
          className,
          description: formatMessage(m.toastReadyDescription, m.locale, { slides: job.slideCount }),
          action: onOpenResult ? { label: m.toastOpen, onClick: () => onOpenResult(job) } : undefined,
        });
      } else {
        toast.error(m.toastFailed, {
          id: key,
          duration,
          className,
          description: jobErrorText(job.error, m) || undefined,
          action: { label: m.retry, onClick: () => void client.retry(job.deckId).catch(() => {}) },
        });
      }
    });
    const stopHidden = notifier && client.notices.reachWhenHidden(notifier.canNotify);
    return () => {
      stopHidden?.();
      stopNotices();
    };
  }, [client, notifier]);
  return null;
}
