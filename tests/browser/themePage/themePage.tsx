// The kit on a bare host page, bundled by themeContrast.test.ts: a running job (banner, progress,
// sidebar spinner), a finished one (check, completion toast) and a failed one (banner, check,
// failure toast), in the theme the test's query string asks for.
import { createRoot } from 'react-dom/client';
import { Toaster } from 'sonner';
import {
  TalkTrackBanner,
  TalkTrackNotifications,
  TalkTrackProgress,
  TalkTrackProvider,
  TalkTrackSidebarCheck,
  type TalkTrackClient,
} from '@talk-track/react';
import type { TalkTrackTheme } from '@talk-track/react';
import { prepareStoryJob } from '../../../stories/support/storyJob.ts';
import { STORY_DECK_ID as DECK } from '../../../stories/support/storyJob.ts';

const params = new URLSearchParams(location.search);
const theme = (params.get('theme') ?? undefined) as TalkTrackTheme | undefined;
const richColors = params.get('richColors') === '1';

function Job({ client, children }: { client: TalkTrackClient; children: React.ReactNode }) {
  return (
    <TalkTrackProvider client={client} theme={theme}>
      {children}
    </TalkTrackProvider>
  );
}

async function main() {
  const running = await prepareStoryJob('37%');
  const finishing = await prepareStoryJob('99%', { stepMs: 200, intervalMs: 200 });
  const failing = await prepareStoryJob('37%', { intervalMs: 200 });
  createRoot(document.getElementById('app')!).render(
    <main>
      <h1>Quarterly review</h1>
      <Job client={running.client}>
        <nav aria-label="Steps">
          Step 6 <TalkTrackSidebarCheck deckId={DECK} />
        </nav>
        <TalkTrackBanner deckId={DECK} />
        <TalkTrackProgress deckId={DECK} />
      </Job>
      <Job client={finishing.client}>
        <TalkTrackSidebarCheck deckId={DECK} />
        <TalkTrackProgress deckId={DECK} label="Finished talk track" />
        <TalkTrackNotifications />
      </Job>
      <Job client={failing.client}>
        <TalkTrackBanner deckId={DECK} />
        <TalkTrackSidebarCheck deckId={DECK} />
        <TalkTrackNotifications />
        <Toaster richColors={richColors} expand />
      </Job>
    </main>,
  );
  // The failing job fails once the page shows it, so its failure toast comes too.
  failing.memory.api.fail(failing.memory.api.jobIds()[0]!);
}

void main();
