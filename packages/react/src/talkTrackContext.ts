'use client';

import { createContext, useContext } from 'react';
import type { TalkTrackClient } from '@talk-track/core/client';
import type { HiddenNotifier } from './hiddenNotifier.ts';

export const TalkTrackContext = createContext<TalkTrackClient | null>(null);
/** The provider's `notifyWhenHidden`, if any: read by `start` (to ask permission) and by the notifications. */
export const HiddenNotifierContext = createContext<HiddenNotifier | undefined>(undefined);

/** The client of the nearest `TalkTrackProvider`. */
export function useTalkTrackClient(): TalkTrackClient {
  const client = useContext(TalkTrackContext);
  if (!client) {
    throw new Error(
      'Talk Track hooks and components need a <TalkTrackProvider> above them. Put one in your root layout, so jobs keep updating on every page.',
    );
  }
  return client;
}
