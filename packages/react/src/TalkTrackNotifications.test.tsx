import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { toast, Toaster } from 'sonner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TalkTrackNotifications } from './TalkTrackNotifications.tsx';
import { createTalkTrackRig, sampleDeck } from '@talk-track/testing/react';
import { createManualVisibility } from '@talk-track/testing';
import type { HiddenNotifier } from './hiddenNotifier.ts';
import { TalkTrackProvider } from './TalkTrackProvider.tsx';
import { useTalkTrackJob } from './useTalkTrackJob.ts';

// The real sonner, with its two toast calls counted: across "tabs" in one document the Toaster
// would merge toasts of the same id, so only the calls tell whether a second tab also fired.
vi.mock('sonner', async (importOriginal) => {
  const actual = await importOriginal<typeof import('sonner')>();
  const success = vi.fn(actual.toast.success);
  const error = vi.fn(actual.toast.error);
  return {
    ...actual,
    toast: Object.assign((...args: Parameters<typeof actual.toast>) => actual.toast(...args), actual.toast, {
      success,
      error,
    }),
  };
});

const until = (check: () => void) => vi.waitFor(check, { interval: 1 });

/** A component that shows a deck's job, as a page would: what makes the client look it up. */
function Shows({ deckId }: { deckId: string }) {
  useTalkTrackJob(deckId);
  return null;
}

afterEach(async () => {
  // Dismissed toasts leave on a timer of sonner's; a timer still pending when the file's DOM is
  // torn down would set state on a window that is gone. Wait until they have left, then unmount.
  toast.dismiss();
  await waitFor(() => expect(document.querySelectorAll('[data-sonner-toast]')).toHaveLength(0));
  cleanup();
  vi.mocked(toast.success).mockClear();
  vi.mocked(toast.error).mockClear();
});

/** Lets every pending claim run to its end, so a toast that should not come has had its chance. */
async function settleClaims() {
  await act(async () => {
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  });
}

describe('TalkTrackNotifications', () => {
  it('toasts a completion exactly once across tabs, remounts and reloads, with an action that opens the result', async () => {
    const rig = createTalkTrackRig();
    const onOpenResult = vi.fn();
    const tabA = rig.tab();
    const tabB = rig.tab();
    const page = (client: ReturnType<typeof rig.tab>) =>
      rig.wrap(client, <TalkTrackNotifications onOpenResult={onOpenResult} />);
    const tabs = render(
      <>
        {page(tabA)}
        {page(tabB)}
        <Toaster />
      </>,
    );
    const { id } = await act(() => tabA.start(sampleDeck('deck-1', 10)));
    rig.api.claim(id);
    rig.api.complete(id);
    await rig.advance(3_000, tabA, tabB);
    await until(() => expect(toast.success).toHaveBeenCalledTimes(1));
    await settleClaims();
    expect(toast.success).toHaveBeenCalledTimes(1);

    fireEvent.click(await screen.findByRole('button', { name: 'Open' }));
    expect(onOpenResult).toHaveBeenCalledWith(
      expect.objectContaining({ jobId: id, deckId: 'deck-1', status: 'completed' }),
    );
    expect(screen.getByText('Your talk track is ready')).toBeInTheDocument();
    expect(screen.getByText('All 10 slides have a script.')).toBeInTheDocument();

    // Remount (a layout re-render that drops and restores the provider)…
    tabs.rerender(<Toaster />);
    tabs.rerender(
      <>
        {page(tabA)}
        <Toaster />
      </>,
    );
    // …and reload (a new client over the same storage).
    const reloaded = rig.tab();
    render(page(reloaded));
    expect(reloaded.store.getState().jobs['deck-1']?.status).toBe('completed');
    await settleClaims();
    expect(toast.success).toHaveBeenCalledTimes(1);
  });

  it('toasts a failure with its reason and a retry', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    render(
      <>
        {rig.wrap(client, <TalkTrackNotifications />)}
        <Toaster />
      </>,
    );
    const { id } = await act(() => client.start(sampleDeck()));
    rig.api.claim(id);
    rig.api.fail(id);
    await rig.advance(3_000, client);
    await until(() => expect(toast.error).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('Talk track generation failed')).toBeInTheDocument();
    expect(screen.getByText('The language model is unavailable. Try again in a few minutes.')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await rig.advance(0, client);
    expect(client.store.getState().jobs['deck-1']?.status).toBe('pending');
    expect(toast.success).not.toHaveBeenCalled();
  });

  it('toasts once for a job storage lost mid-run and the server gave back, then never again', async () => {
    const rig = createTalkTrackRig();
    const before = rig.tab();
    const { id } = await act(() => before.start(sampleDeck('deck-1', 10)));
    rig.storage.setItem('talk-track', '{"state":{"jobs":');

    const after = rig.tab();
    render(
      <>
        {rig.wrap(
          after,
          <>
            <TalkTrackNotifications />
            <Shows deckId="deck-1" />
          </>,
        )}
        <Toaster />
      </>,
    );
    await act(() => after.settle());
    expect(after.store.getState().jobs['deck-1']?.jobId).toBe(id);
    rig.api.claim(id);
    rig.api.complete(id);
    await rig.advance(3_000, after);
    await until(() => expect(toast.success).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('All 10 slides have a script.')).toBeInTheDocument();

    // Lost again and found again, completed this time: the ledger has it, so no second toast.
    cleanup();
    rig.storage.setItem('talk-track', 'garbage');
    const again = rig.tab();
    render(
      rig.wrap(
        again,
        <>
          <TalkTrackNotifications />
          <Shows deckId="deck-1" />
        </>,
      ),
    );
    await act(() => again.settle());
    expect(again.store.getState().jobs['deck-1']).toMatchObject({ jobId: id, status: 'completed' });
    await settleClaims();
    expect(toast.success).toHaveBeenCalledTimes(1);
  });

  it('toasts once for a job that finished while this browser knew nothing of it (another browser, cleared storage)', async () => {
    const rig = createTalkTrackRig();
    const { jobId } = await rig.startJob('deck-1', 10);
    rig.api.claim(jobId);
    rig.api.fail(jobId);
    const client = rig.tab();
    render(
      <>
        {rig.wrap(
          client,
          <>
            <TalkTrackNotifications />
            <Shows deckId="deck-1" />
          </>,
        )}
        <Toaster />
      </>,
    );
    await act(() => client.settle());
    await until(() => expect(toast.error).toHaveBeenCalledTimes(1));
    await settleClaims();
    expect(toast.error).toHaveBeenCalledTimes(1);
    expect(toast.success).not.toHaveBeenCalled();
  });

  it('stays quiet about a job that had already ended when this browser first heard of it', async () => {
    const rig = createTalkTrackRig();
    const client = rig.tab();
    render(rig.wrap(client, <TalkTrackNotifications />));
    // Started and finished elsewhere; this tab only replays the same start (idempotency key).
    const elsewhere = rig.tab();
    const { id } = await act(() => elsewhere.start(sampleDeck(), { idempotencyKey: 'same-start' }));
    rig.api.claim(id);
    rig.api.complete(id);
    await act(() => client.start(sampleDeck(), { idempotencyKey: 'same-start' }));
    expect(client.store.getState().jobs['deck-1']?.status).toBe('completed');
    await settleClaims();
    expect(toast.success).not.toHaveBeenCalled();
  });

  for (const shown of [true, false]) {
    it(`in a hidden tab, ${shown ? 'announces the ending through notifyWhenHidden instead of a toast' : 'falls back to the toast when notifyWhenHidden could not show it'}; permission asked in start`, async () => {
      const rig = createTalkTrackRig();
      const visibility = createManualVisibility(true);
      const client = rig.tab({ visibility });
      const onOpenResult = vi.fn();
      const notifier = {
        requestPermission: vi.fn(),
        canNotify: () => true,
        show: vi.fn<HiddenNotifier['show']>(() => shown),
      };
      function Generate() {
        const job = useTalkTrackJob('deck-1');
        return <button onClick={() => void job.start(sampleDeck())}>Generate</button>;
      }
      render(
        <TalkTrackProvider client={client} notifyWhenHidden={notifier}>
          <Generate />
          <TalkTrackNotifications onOpenResult={onOpenResult} />
          <Toaster />
        </TalkTrackProvider>,
      );
      expect(notifier.requestPermission).not.toHaveBeenCalled();
      fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
      expect(notifier.requestPermission).toHaveBeenCalledOnce();
      await until(() => expect(client.store.getState().jobs['deck-1']).toBeDefined());
      const { jobId } = client.store.getState().jobs['deck-1']!;
      rig.api.claim(jobId);
      rig.api.complete(jobId);
      await rig.advance(15_000, client);
      await until(() => expect(notifier.show).toHaveBeenCalledOnce());
      const [notice, , open] = notifier.show.mock.calls[0]!;
      expect(notice).toMatchObject({ kind: 'completed', hidden: true, job: { jobId } });
      open();
      expect(onOpenResult).toHaveBeenCalledWith(expect.objectContaining({ jobId }));
      await settleClaims();
      expect(toast.success).toHaveBeenCalledTimes(shown ? 0 : 1);
    });
  }
});
