import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createTalkTrackRig, type DrivenState } from '@talk-track/testing/react';
import { formatEta } from './formatEta.ts';
import { formatEstimate } from './formatEstimate.ts';
import { germanMessages } from './locales/de.ts';
import { TalkTrackBanner } from './TalkTrackBanner.tsx';
import { TalkTrackProgress } from './TalkTrackProgress.tsx';
import { TalkTrackProvider } from './TalkTrackProvider.tsx';
import { TalkTrackSidebarCheck } from './TalkTrackSidebarCheck.tsx';

afterEach(cleanup);

async function renderGerman(state: DrivenState, messages = germanMessages) {
  const rig = createTalkTrackRig();
  const client = rig.tab();
  render(
    <TalkTrackProvider client={client} messages={messages}>
      <TalkTrackBanner deckId="deck-1" />
      <TalkTrackProgress deckId="deck-1" />
      <TalkTrackSidebarCheck deckId="deck-1" />
    </TalkTrackProvider>,
  );
  await rig.driveTo(client, state);
}

describe('messages', () => {
  it('speaks German everywhere with germanMessages: banner, bar text and aria-valuetext, check, numbers through Intl', async () => {
    await renderGerman('37%');
    expect(document.body).toHaveTextContent(/^Sprechtext wird erstellt — das kann 2–5 Minuten dauern/);
    expect(document.body).not.toHaveTextContent(/talk track|chunk|Cancel/i);
    const bar = screen.getByRole('progressbar', { name: 'Fortschritt des Sprechtexts' });
    expect(bar.getAttribute('aria-valuetext')).toMatch(/^37\u00a0%, Abschnitt 4 von 8$/);
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Sprechtext wird erstellt' })).toBeInTheDocument();
  });

  it('says why a job failed in the catalogue’s words for its code', async () => {
    await renderGerman('failed');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Der Sprechtext konnte nicht erstellt werden. Der KI-Dienst hatte Fehler',
    );
    expect(screen.getByRole('button', { name: 'Erneut versuchen' })).toBeInTheDocument();
  });

  it('falls back to English for keys a partial catalogue leaves out', async () => {
    await renderGerman('37%', { cancel: 'Stop' } as typeof germanMessages);
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Talk track progress' })).toHaveAttribute(
      'aria-valuetext',
      '37%, chunk 4 of 8',
    );
  });

  it('spells durations with Intl in the catalogue’s language', () => {
    expect(formatEta(150_000)).toBe('About 3 minutes left.');
    expect(formatEta(150_000, germanMessages)).toBe('Noch etwa 3 Minuten.');
    expect(formatEta(60_000, germanMessages)).toBe('Noch etwa 1 Minute.');
    expect(formatEta(5_000, germanMessages)).toBe('Gleich fertig.');
    expect(formatEstimate(100_000, germanMessages)).toBe('Noch etwa 1 Min. 40 s.');
    expect(formatEstimate(44_000, germanMessages)).toBe('Noch etwa 40 s.');
    expect(formatEstimate(100_000)).toBe('About 1 min 40 s left.');
  });
});
