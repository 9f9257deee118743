'use client';

import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { createTalkTrackClient, type TalkTrackClient, type TalkTrackClientOptions } from '@talk-track/core/client';
import { HiddenNotifierContext, TalkTrackContext } from './talkTrackContext.ts';
import type { HiddenNotifier } from './hiddenNotifier.ts';
import { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';
import { TalkTrackMessagesContext } from './talkTrackMessagesContext.ts';
import { TalkTrackThemeContext, type TalkTrackTheme } from './talkTrackTheme.ts';

export interface TalkTrackProviderProps extends TalkTrackClientOptions {
  /** A client you created yourself (e.g. at module level, or for tests). Default: one created from the other props on first render; later prop changes are ignored. */
  client?: TalkTrackClient;
  /**
   * The components' colours. Default `'light'` (dark only under a `data-theme="dark"` ancestor):
   * most host pages are light whatever the reader's system says. `'system'` follows
   * `prefers-color-scheme`; `'dark'` is always dark.
   */
  theme?: TalkTrackTheme;
  /**
   * Every word the components say (banner, progress text and aria-valuetext, sidebar labels,
   * toasts, job errors), e.g. `germanMessages`; keys left out stay English. Default
   * `englishMessages`. Pass a stable object (module level or memoized).
   */
  messages?: Partial<TalkTrackMessages>;
  /**
   * A system notification when a job ends while every tab of the app is hidden: pass
   * `notifyWhenHidden` from `@talk-track/react/notify-when-hidden` (an entry of its own, so hosts
   * without it ship none of it). Permission is asked when a job is started. Default: none (the
   * toast waits until the person comes back).
   */
  notifyWhenHidden?: HiddenNotifier;
  children?: ReactNode;
}

/**
 * Owns the watcher for the whole app. Put it in the root layout: it outlives page changes, so a
 * job started on one page keeps updating on the next. Stored jobs are read after mount, so the
 * server's HTML and the first client render agree.
 */
export function TalkTrackProvider({
  client,
  theme = 'light',
  messages,
  notifyWhenHidden,
  children,
  ...options
}: TalkTrackProviderProps) {
  const [owned] = useState(() => client ?? createTalkTrackClient(options));
  const words = useMemo(
    () => ({ ...englishMessages, ...messages, jobErrors: { ...englishMessages.jobErrors, ...messages?.jobErrors } }),
    [messages],
  );
  useEffect(() => owned.mount(), [owned]);
  return (
    <TalkTrackContext.Provider value={owned}>
      <TalkTrackThemeContext.Provider value={theme}>
        <TalkTrackMessagesContext.Provider value={words}>
          <HiddenNotifierContext.Provider value={notifyWhenHidden}>{children}</HiddenNotifierContext.Provider>
        </TalkTrackMessagesContext.Provider>
      </TalkTrackThemeContext.Provider>
    </TalkTrackContext.Provider>
  );
}
