import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTalkTrackHandler, createEdgeFunctionInvoker } from '@talk-track/server';
import { englishMessages } from '@talk-track/react';
import { freePort } from '../../tooling/src/freePort.ts';
import { startWorkerStack, type WorkerStack } from '../support/workerStack.ts';
import { launchChromium, recordTrouble } from './browserSession.ts';
import { bundleForBrowser } from './bundleForBrowser.ts';

// Issue 11, item 5: a job that ends while every tab is hidden reaches the person through one
// system notification, and its click brings them to the result. The real route handler, Postgres,
// the edge function under Deno and the local LLM; the real Notification API in Chromium, wrapped
// only to record what the page asked of it.
/** Long enough per LLM call that both tabs are hidden well before the job ends. */
const LLM_LATENCY_MS = 1_500;
const LEDGER = 'talk-track:notified';

/** Runs before the page's own scripts: counts permission requests, notifications and focus calls, then calls the real thing. */
const RECORDER = `(() => {
  const Real = window.Notification;
  const record = (window.__notify = { asked: 0, shown: [], focused: 0, last: null });
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      record.shown.push({ title, body: options && options.body, tag: options && options.tag });
      record.last = this;
    }
  }
  Recorded.requestPermission = (...args) => { record.asked++; return Real.requestPermission(...args); };
  window.Notification = Recorded;
  const focus = window.focus.bind(window);
  window.focus = () => { record.focused++; focus(); };
})();`;

interface Recorded {
  asked: number;
  shown: { title: string; body: string; tag: string }[];
  focused: number;
}

let stack: WorkerStack;
let server: Server;
let appUrl: string;
let browser: Browser;

beforeAll(async () => {
  stack = await startWorkerStack({ llm: { latencyMs: LLM_LATENCY_MS } });
  const worker = await stack.startDeno();
  const handler = createTalkTrackHandler({
    store: stack.store,
    getUserId: () => stack.userId,
    worker: createEdgeFunctionInvoker({ url: worker.url, key: stack.key }),
    chunkSize: 5,
  });
  const script = await bundleForBrowser(fileURLToPath(new URL('./notifyPage/notifyPage.tsx', import.meta.url)));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Step 6</title></head>
<body><div id="app"></div><script>${script.replaceAll('</script', '<\\/script')}</script></body></html>`;
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', appUrl);
    if (!url.pathname.startsWith('/api/generate/talk-track'))
      return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = request.method === 'GET' ? undefined : Buffer.concat(chunks);
      const answer = await handler.handle(
        new Request(url, { method: request.method, headers: request.headers as Record<string, string>, body }),
      );
      response
        .writeHead(answer.status, Object.fromEntries(answer.headers))
        .end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
});

async function openTabs(count: number, deck: string, { granted }: { granted: boolean }) {
  const context = await browser.newContext();
  const trouble = recordTrouble(context);
  if (granted) await context.grantPermissions(['notifications'], { origin: appUrl });
  await context.addInitScript(RECORDER);
  const tabs: Page[] = [];
  for (let i = 0; i < count; i++) {
    const tab = await context.newPage();
    await tab.goto(`${appUrl}/?deck=${deck}`);
    await tab.getByRole('button', { name: 'Generate Talk Track' }).and(tab.locator(':enabled')).waitFor();
    tabs.push(tab);
  }
  return { context, tabs, trouble };
}

/** What hiding a tab does to a page (another app in front): `visibilityState` and `hidden` change, then `visibilitychange`. */
const setHidden = (tab: Page, hidden: boolean) =>
  tab.evaluate((hide) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hide ? 'hidden' : 'visible'),
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hide });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

const recorded = (tab: Page) =>
  tab.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __notify: Recorded }).__notify)) as Recorded);

/** Resolves once every claim a tab has asked the ledger for has been answered: Web Locks grant requests in order. */
const claimsSettled = (tab: Page) => tab.evaluate((name) => navigator.locks.request(name, () => {}), LEDGER);

/** Clicks Generate in `tab` and returns the new job's id. */
async function generate(tab: Page): Promise<string> {
  const created = tab.waitForResponse(
    (response) =>
      response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/generate/talk-track',
  );
  await tab.getByRole('button', { name: 'Generate Talk Track' }).click();
  return ((await (await created).json()) as { jobId: string }).jobId;
}

async function untilCompletedEverywhere(tabs: Page[]) {
  for (const tab of tabs) await tab.locator('.tt-check[data-state="completed"]').waitFor({ timeout: 60_000 });
  for (const tab of tabs) await claimsSettled(tab);
}

describe('notifyWhenHidden in Chromium', () => {
  it('with two hidden tabs, shows exactly one notification, whose click focuses the tab and opens the result', async () => {
    const { context, tabs, trouble } = await openTabs(2, 'deck-two-hidden-tabs', { granted: true });
    const jobId = await generate(tabs[0]!);
    for (const tab of tabs) await setHidden(tab, true);

    await untilCompletedEverywhere(tabs);
    const seen = await Promise.all(tabs.map(recorded));
    const shown = seen.flatMap((record) => record.shown);
    expect(shown).toEqual([{ title: englishMessages.toastReady, body: 'All 10 slides have a script.', tag: jobId }]);
    // Only in the click: the tab nobody clicked in never asked.
    expect(seen[1]!.asked).toBe(0);

    // The person clicks it, from wherever they are.
    const winner = tabs[seen.findIndex((record) => record.shown.length === 1)]!;
    await winner.evaluate(() =>
      (window as unknown as { __notify: { last: Notification } }).__notify.last.dispatchEvent(new Event('click')),
    );
    await expect.poll(async () => (await recorded(winner)).focused).toBe(1);
    await setHidden(winner, false);
    await expect(winner.getByRole('region', { name: 'Talk track' }).textContent()).resolves.toBe('10 slides');

    // Back in view, no tab toasts what the notification already said.
    await setHidden(
      tabs.find((tab) => tab !== winner)!,
      false,
    );
    for (const tab of tabs) await claimsSettled(tab);
    for (const tab of tabs) expect(await tab.locator('[data-sonner-toast]').count()).toBe(0);
    expect(trouble).toEqual({ responses: [], consoleErrors: [] });
    await context.close();
  });

  it('asks for permission in the Generate click, never on load, and without it leaves the ending to the toast', async () => {
    const { context, tabs, trouble } = await openTabs(1, 'deck-no-permission', { granted: false });
    const tab = tabs[0]!;
    expect((await recorded(tab)).asked).toBe(0);
    await generate(tab);
    expect((await recorded(tab)).asked).toBe(1);
    expect(await tab.evaluate(() => Notification.permission)).not.toBe('granted');
    await setHidden(tab, true);

    await untilCompletedEverywhere(tabs);
    expect((await recorded(tab)).shown).toEqual([]);
    await setHidden(tab, false);
    await tab.locator('[data-sonner-toast][data-type="success"]', { hasText: englishMessages.toastReady }).waitFor();
    expect(trouble).toEqual({ responses: [], consoleErrors: [] });
    await context.close();
  });
});
