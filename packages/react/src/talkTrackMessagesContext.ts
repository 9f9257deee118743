'use client';

import { createContext, useContext } from 'react';
import { englishMessages, type TalkTrackMessages } from './talkTrackMessages.ts';

export const TalkTrackMessagesContext = createContext<TalkTrackMessages>(englishMessages);

/** The words of the nearest `TalkTrackProvider` (English without one). */
export function useTalkTrackMessages(): TalkTrackMessages {
  return useContext(TalkTrackMessagesContext);
}
