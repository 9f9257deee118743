// The persisted format and its version are internal to the client; this test writes old-version entries on purpose.
import { DEFAULT_STORAGE_KEY, PERSIST_VERSION } from '@talk-track/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_DECK_ID } from '../../examples/next-app/lib/sampleDecks.ts';
import { screenshot, startMasterclass, waitForProgressAbove } from '../browser/browserSession.ts';
import { type BrowserStack, startBrowserStack } from '../browser/stackForBrowser.ts';

// Faults on the browser's side, against the real stack in Chromium: a persisted store entry that
// is broken when the page loads, and the network gone for a full minute while a job runs.

/** One LLM call at a time: the 55-slide deck is 11 calls in a row. */
const WORKER_ENV = { TALK_TRACK_CHUNK_CONCURRENCY: '1' };
/** About 12 s per job: long enough to break the stored entry and reload mid-run. */
const QUICK_LLM_MS = 1_000;
/** About 77 s per job: it must outlast the network drop. */
const SLOW_LLM_MS = 7_000;
/** The drop is the point of the test: a real minute, longer than the watcher's longest backoff. */
const NETWORK_DROP_MS = 60_000;
/** After the network returns, the page reads at once (the `online` event); a few seconds of room for a busy machine. */
const RESUME_WITHIN_MS = 10_000;
/** Longer than a poll interval (3 s): a second toast would have come by then. */
const SECOND_TOAST_GRACE_MS = 4_000;
const JOB_TIMEOUT_MS = 120_000;
const READY = 'Your talk track is ready';

let env: BrowserStack;

beforeAll(async () => {
  env = await startBrowserStack({ llmLatencyMs: QUICK_LLM_MS, workerEnv: WORKER_ENV });
}, 600_000);

afterAll(async () => {
  await env?.stop();
});

interface ToastRecord {
  type: string | null;
  title: string | null;
}

/**
 * A fresh user whose pages record every sonner toast as it is inserted (a MutationObserver set up
 * before the app's scripts, in every document), every uncaught page error, and the deck lookups.
 */
async function watchedUser(): Promise<{
  context: BrowserContext;
  page: Page;
  errors: string[];
  lookups: () => number;
  resetLookups(): void;
}> {
  const context = await env.newUser();
  await context.addInitScript(() => {
    const toasts: { type: string | null; title: string | null }[] = [];
    (window as unknown as { __toasts: typeof toasts }).__toasts = toasts;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          const added = node.matches('[data-sonner-toast]')
            ? [node]
            : [...node.querySelectorAll('[data-sonner-toast]')];
          for (const toast of added)
            toasts.push({
              type: toast.getAttribute('data-type'),
              title: toast.querySelector('[data-title]')?.textContent ?? null,
            });
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  let lookups = 0;
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).searchParams.get('deckId') === FUNNEL_DECK_ID)
      lookups += 1;
  });
  return { context, page, errors, lookups: () => lookups, resetLookups: () => void (lookups = 0) };
}

const toastsOf = (page: Page) => page.evaluate(() => (window as unknown as { __toasts: ToastRecord[] }).__toasts);

/** Waits for the completion toast, gives a second one time to show, and returns every toast this document showed. */
async function completionToasts(page: Page): Promise<ToastRecord[]> {
  await page.getByText(READY).waitFor({ timeout: JOB_TIMEOUT_MS });
  await page.waitForTimeout(SECOND_TOAST_GRACE_MS);
  return toastsOf(page);
}

/** The app is up: the step's heading shows and nothing crashed (no Next.js error page, no uncaught error). */
async function expectAppRendered(page: Page, errors: string[]): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Talk Track');
  expect(await page.getByText(/Application error/i).count()).toBe(0);
  expect(errors).toEqual([]);
}

interface StoredEnvelope {
  state: { jobs: Record<string, { jobId: string; status: string } & Record<string, unknown>> };
  version: number;
}

// Each row turns the real stored entry into a broken one.
const BROKEN_ENTRIES: [name: string, breakIt: (stored: string) => string][] = [
  ['a corrupt (not JSON)', (stored) => stored.replaceAll('"', "'")],
  ['a truncated', (stored) => stored.slice(0, Math.floor(stored.length / 2))],
  [
    'an old-version',
    (stored) => JSON.stringify({ ...(JSON.parse(stored) as StoredEnvelope), version: PERSIST_VERSION - 1 }),
  ],
  [
    'a damaged (valid JSON, a job that fails inspection)',
    (stored) => {
      const envelope = JSON.parse(stored) as StoredEnvelope;
      Object.assign(envelope.state.jobs[FUNNEL_DECK_ID]!, { status: 'exploded', progress: -1 });
      return JSON.stringify(envelope);
    },
  ],
];

describe('browser-side faults in Chromium', () => {
  it.each(BROKEN_ENTRIES)(
    '%s store entry mid-job: after a reload the app renders, finds the job on the server, and it completes with one toast',
    async (name, breakIt) => {
      const { page, errors, lookups, resetLookups } = await watchedUser();
      await startMasterclass(page, env.stack.appUrl);
      expect(await waitForProgressAbove(page, 0)).toBeLessThan(100);

      const stored = await page.evaluate((key) => localStorage.getItem(key), DEFAULT_STORAGE_KEY);
      const { jobId } = (JSON.parse(stored!) as StoredEnvelope).state.jobs[FUNNEL_DECK_ID]!;
      const broken = breakIt(stored!);
      expect(broken).not.toBe(stored);

      resetLookups();
      await page.evaluate(
        ([key, value]) => {
          localStorage.setItem(key, value);
          // The running app rewrites the entry on every progress tick: keep it from repairing it
          // before the reload. Only this old document is affected; the reloaded one writes freely.
          const setItem = Storage.prototype.setItem;
          Storage.prototype.setItem = function (this: Storage, k: string, v: string) {
            if (k !== key) setItem.call(this, k, v);
          };
        },
        [DEFAULT_STORAGE_KEY, broken] as const,
      );
      await page.reload();

      await expectAppRendered(page, errors);
      // Found again from the server: the entry held nothing usable, so the page asked for the deck's latest job.
      await page.getByRole('progressbar').waitFor();
      expect(lookups()).toBe(1);
      await page.getByText(/this may take 2–5 minutes/).waitFor();

      const toasts = await completionToasts(page);
      expect(toasts).toEqual([{ type: 'success', title: READY }]);
      await page.getByRole('img', { name: 'Talk track ready' }).waitFor();
      // The reloaded page wrote a clean entry holding the same job.
      const repaired = JSON.parse(
        (await page.evaluate((key) => localStorage.getItem(key), DEFAULT_STORAGE_KEY))!,
      ) as StoredEnvelope;
      expect(repaired).toMatchObject({
        version: PERSIST_VERSION,
        state: { jobs: { [FUNNEL_DECK_ID]: { jobId, status: 'completed' } } },
      });
      expect(errors).toEqual([]);
      await screenshot(page, `faults-${name.split(' ')[1]}-entry-completed`);
    },
    JOB_TIMEOUT_MS,
  );

  it('the network drops for a full minute mid-job: the UI shows it is reconnecting, resumes when back online, and toasts once', async () => {
    env.stack.llm!.setLatencyMs(SLOW_LLM_MS);
    try {
      const { context, page, errors } = await watchedUser();
      await startMasterclass(page, env.stack.appUrl);
      const before = await waitForProgressAbove(page, 0, 60_000);
      expect(before).toBeLessThan(50);

      const offlineAt = Date.now();
      await context.setOffline(true);
      const banner = page.locator('.tt-banner');
      await page.locator('.tt-banner[data-state="reconnecting"]').waitFor({ timeout: 15_000 });
      expect(await banner.textContent()).toContain('Connection lost — reconnecting…');
      expect(await page.getByRole('progressbar').getAttribute('data-state')).toBe('reconnecting');
      await screenshot(page, 'faults-network-drop-reconnecting');

      // The minute is the fault itself, not a wait for something: the job goes on on the server meanwhile.
      await page.waitForTimeout(NETWORK_DROP_MS - (Date.now() - offlineAt));
      expect(await banner.getAttribute('data-state')).toBe('reconnecting');
      expect(await toastsOf(page)).toEqual([]);

      await context.setOffline(false);
      const onlineAt = Date.now();
      await page.locator('.tt-banner[data-state="running"]').waitFor({ timeout: RESUME_WITHIN_MS });
      expect(Date.now() - onlineAt).toBeLessThan(RESUME_WITHIN_MS);
      const after = Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'));
      // The job ran on while the page was offline, and has not finished yet: the page shows where it is now.
      expect(after).toBeGreaterThan(before);
      expect(after).toBeLessThan(100);
      await screenshot(page, 'faults-network-drop-resumed');

      expect(await completionToasts(page)).toEqual([{ type: 'success', title: READY }]);
      expect(await page.locator('[data-state="reconnecting"]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      env.stack.llm!.setLatencyMs(QUICK_LLM_MS);
    }
  }, 240_000);
});
