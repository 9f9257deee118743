import { TalkTrackBanner, TalkTrackProgress } from '@talk-track/react';
import { GenerateButton } from './GenerateButton';
import { HOST_DECK } from './hostDeck';

export default function DeckPage() {
  return (
    <>
      <h1>{HOST_DECK.title}</h1>
      <GenerateButton />
      <TalkTrackBanner deckId={HOST_DECK.id} />
      <TalkTrackProgress deckId={HOST_DECK.id} />
    </>
  );
}
