import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeTalkTrackApi, createHttpTransport, sampleDeck } from '@talk-track/testing';
import { TalkTrackProvider } from './TalkTrackProvider.tsx';
import { useTalkTrackClient } from './talkTrackContext.ts';
import { useTalkTrackJob } from './useTalkTrackJob.ts';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

function Status() {
  const job = useTalkTrackJob('deck-1');
  return <p data-testid="status">{`${job.status} ${job.jobId ?? 'none'}`}</p>;
}

describe('TalkTrackProvider', () => {
  it('creates its client from props, persisting to the browser’s localStorage', async () => {
    const api = createFakeTalkTrackApi();
    const transport = createHttpTransport({ basePath: api.basePath, fetch: api.fetch });
    let client!: ReturnType<typeof useTalkTrackClient>;
    function Grab() {
      client = useTalkTrackClient();
      return null;
    }
    const first = render(
      <TalkTrackProvider transport={transport} locks={null} channel={null}>
        <Grab />
        <Status />
      </TalkTrackProvider>,
    );
    const { id } = await act(() => client.start(sampleDeck()));
    expect(screen.getByTestId('status')).toHaveTextContent(`pending ${id}`);
    first.unmount();
    expect(localStorage.getItem('talk-track')).toContain(id);

    // A reload: a new provider, a new client, the same browser storage.
    render(
      <TalkTrackProvider transport={transport} locks={null} channel={null}>
        <Status />
      </TalkTrackProvider>,
    );
    expect(screen.getByTestId('status')).toHaveTextContent(`pending ${id}`);
  });

  it('tells the developer where the provider goes when it is missing', () => {
    // React logs the thrown error too; keep the test output clean.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Status />)).toThrow(/TalkTrackProvider.*root layout/);
    quiet.mockRestore();
  });
});
