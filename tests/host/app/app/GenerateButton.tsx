'use client';

import { useTalkTrackJob } from '@talk-track/react';
import { HOST_DECK } from './hostDeck';

/** The host's own button: the hook needs a client file, the components above do not. */
export function GenerateButton() {
  const job = useTalkTrackJob(HOST_DECK.id);
  return (
    <button type="button" disabled={job.isActive || !job.isHydrated} onClick={() => void job.start(HOST_DECK)}>
      Generate Talk Track
    </button>
  );
}
