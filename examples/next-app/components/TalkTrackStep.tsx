'use client';

import { useState } from 'react';
import { TalkTrackBanner, TalkTrackProgress, useTalkTrackJob } from '@talk-track/react';
import { FUNNEL_DECK_ID, SAMPLE_DECKS } from '@/lib/sampleDecks';
import { TalkTrackResult } from './TalkTrackResult';

export function TalkTrackStep() {
  const job = useTalkTrackJob(FUNNEL_DECK_ID);
  const [deckKey, setDeckKey] = useState(SAMPLE_DECKS[SAMPLE_DECKS.length - 1]!.key);
  const sample = SAMPLE_DECKS.find((candidate) => candidate.key === deckKey)!;
  const running = job.status === 'pending' || job.status === 'processing';

  return (
    <div className="talk-track-step">
      <fieldset className="deck-picker" disabled={running}>
        <legend>Deck structure</legend>
        {SAMPLE_DECKS.map((candidate) => (
          <label key={candidate.key}>
            <input
              type="radio"
              name="deck"
              value={candidate.key}
              checked={candidate.key === deckKey}
              onChange={() => setDeckKey(candidate.key)}
            />
            {candidate.label}
          </label>
        ))}
      </fieldset>

      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          disabled={running || !job.isHydrated}
          onClick={() => void job.start(sample.deck)}
        >
          Generate Talk Track
        </button>
        {job.status === 'failed' || job.status === 'cancelled' ? (
          <button type="button" className="button" onClick={() => void job.retry()}>
            Retry
          </button>
        ) : null}
      </div>

      <TalkTrackBanner deckId={FUNNEL_DECK_ID} />
      <TalkTrackProgress deckId={FUNNEL_DECK_ID} />
      {job.actionError ? (
        <p className="error" role="alert">
          {job.actionError.message}
        </p>
      ) : null}
      <TalkTrackResult slides={job.slides} result={job.result} />
    </div>
  );
}
