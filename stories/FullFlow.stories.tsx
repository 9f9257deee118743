import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { Toaster } from 'sonner';
import {
  TalkTrackBanner,
  TalkTrackNotifications,
  TalkTrackProgress,
  TalkTrackSidebarCheck,
  useTalkTrackJob,
} from '@talk-track/react';
import { storyDeck } from './support/storyDeck.ts';
import { STORY_DECK_ID } from './support/storyJob.ts';
import { loadJob, WithStoryJob, type StoryJob } from './support/WithStoryJob.tsx';

type Page = 'emails' | 'talk-track';

const button = {
  padding: '0.5rem 1rem',
  borderRadius: '0.5rem',
  border: '1px solid var(--tt-track)',
  background: 'transparent',
  color: 'inherit',
  font: 'inherit',
  cursor: 'pointer',
} as const;

function TalkTrackPage() {
  const job = useTalkTrackJob(STORY_DECK_ID);
  const [slides, setSlides] = useState(12);
  return (
    <section style={{ display: 'grid', gap: '1rem' }}>
      <h2 style={{ margin: 0 }}>Step 6 · Talk track</h2>
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' }}>
        <label>
          Deck size{' '}
          <select value={slides} onChange={(event) => setSlides(Number(event.target.value))} disabled={job.isActive}>
            <option value={12}>12 slides</option>
            <option value={55}>55 slides</option>
          </select>
        </label>
        <button
          type="button"
          style={button}
          disabled={job.isActive || !job.isHydrated}
          onClick={() => void job.start(storyDeck(STORY_DECK_ID, slides))}
        >
          Generate talk track
        </button>
      </div>
      <TalkTrackBanner deckId={STORY_DECK_ID} />
      <TalkTrackProgress deckId={STORY_DECK_ID} />
      {job.slides.length > 0 ? (
        <ol style={{ margin: 0, paddingLeft: '1.25rem', color: 'var(--tt-muted)' }}>
          {job.slides.map((slide) => (
            <li key={slide.index}>
              <strong style={{ color: 'var(--tt-fg)' }}>{slide.title}</strong> — {slide.script}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function EmailsPage() {
  return (
    <section>
      <h2 style={{ marginTop: 0 }}>Step 4 · Emails</h2>
      <p>
        Keep working here: the talk track keeps generating, the sidebar shows it, and a toast says when it is ready.
      </p>
    </section>
  );
}

function Flow({ job }: { job: StoryJob }) {
  const [page, setPage] = useState<Page>('talk-track');
  const [offline, setOffline] = useState(false);
  const link = (target: Page, label: string) => (
    <button
      type="button"
      style={{
        ...button,
        border: 0,
        width: '100%',
        textAlign: 'left',
        display: 'flex',
        justifyContent: 'space-between',
        fontWeight: page === target ? 700 : 400,
      }}
      aria-current={page === target ? 'page' : undefined}
      onClick={() => setPage(target)}
    >
      {label}
      {target === 'talk-track' ? <TalkTrackSidebarCheck deckId={STORY_DECK_ID} /> : null}
    </button>
  );
  return (
    <div style={{ display: 'flex', gap: '1.5rem', flexWrap: 'wrap' }}>
      <nav aria-label="Funnel steps" style={{ width: '13rem', display: 'grid', gap: '0.25rem', alignContent: 'start' }}>
        {link('emails', '4. Emails')}
        {link('talk-track', '6. Talk track')}
        <label style={{ marginTop: '1rem', fontSize: '0.8125rem', color: 'var(--tt-muted)' }}>
          <input
            type="checkbox"
            checked={offline}
            onChange={(event) => {
              setOffline(event.target.checked);
              job.memory.setOffline(event.target.checked);
            }}
          />{' '}
          Drop the network
        </label>
      </nav>
      <main style={{ flex: '1 1 20rem', minWidth: 0 }}>
        {page === 'talk-track' ? <TalkTrackPage /> : <EmailsPage />}
      </main>
      <TalkTrackNotifications onOpenResult={() => setPage('talk-track')} />
    </div>
  );
}

const meta = {
  title: 'Full flow',
  render: (_args, { loaded, globals }) => (
    <WithStoryJob job={loaded.job as StoryJob}>
      <Flow job={loaded.job as StoryJob} />
      <Toaster theme={globals.theme as 'light' | 'dark' | 'system'} richColors closeButton />
    </WithStoryJob>
  ),
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** Start a job, switch pages while it runs, watch the sidebar, and get one toast at the end. The fake worker takes a step every 1.2 s. */
export const GenerateWhileWorking: Story = { loaders: [loadJob('idle', { stepMs: 1_200 })] };
export const Dark: Story = { loaders: [loadJob('idle', { stepMs: 1_200 })], globals: { theme: 'dark' } };
export const NarrowScreen: Story = { loaders: [loadJob('idle', { stepMs: 1_200 })], parameters: { frameWidth: 360 } };
