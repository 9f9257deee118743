// The kit on a bare host page with notifyWhenHidden, bundled by notifyWhenHidden.test.ts and
// served beside the real route handler: Generate, the sidebar check, the result once opened.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster } from 'sonner';
import { TalkTrackNotifications, TalkTrackProvider, TalkTrackSidebarCheck, useTalkTrackJob } from '@talk-track/react';
import { notifyWhenHidden } from '@talk-track/react/notify-when-hidden';
import { sampleDeck } from '../../../tooling/src/llm/sampleDeck.ts';

// Each test its own deck: the server's "latest job of this deck" lookup never finds another test's job.
const deck = sampleDeck(10, { id: new URLSearchParams(location.search).get('deck') ?? 'deck-10' });
/** Quick polling, hidden or not, so the test waits for the job rather than for the watcher's 15 s hidden interval. */
const POLL_MS = 200;

function Step() {
  const job = useTalkTrackJob(deck.id);
  return (
    <button disabled={job.isActive || !job.isHydrated} onClick={() => void job.start(deck)}>
      Generate Talk Track
    </button>
  );
}

function Result() {
  const job = useTalkTrackJob(deck.id);
  return (
    <section id="talk-track-result" aria-label="Talk track">
      {job.result?.slides.length ?? 0} slides
    </section>
  );
}

function App() {
  const [opened, setOpened] = useState(false);
  return (
    <TalkTrackProvider notifyWhenHidden={notifyWhenHidden} intervalMs={POLL_MS} hiddenIntervalMs={POLL_MS}>
      <nav>
        Step 6 <TalkTrackSidebarCheck deckId={deck.id} />
      </nav>
      <main>
        <Step />
        {opened && <Result />}
      </main>
      <TalkTrackNotifications onOpenResult={() => setOpened(true)} />
      <Toaster />
    </TalkTrackProvider>
  );
}

createRoot(document.getElementById('app')!).render(<App />);
