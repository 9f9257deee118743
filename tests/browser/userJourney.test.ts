import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOW_INSECURE_IDENTITY_VAR } from '../../examples/next-app/lib/localUser.ts';
import { freePort } from '../../tooling/src/freePort.ts';
import { EXAMPLE_APP_DIR, spawnNext } from '../../tooling/src/stack/startNextApp.ts';
import {
  isStatusRead,
  openStep,
  recordTrouble,
  screenshot,
  startMasterclass,
  waitForProgressAbove,
} from './browserSession.ts';
import { runAxe } from './runAxe.ts';
import { fetchShippedPage, findSecrets, readShippedFiles } from './secretScan.ts';
import { type BrowserStack, startBrowserStack } from './stackForBrowser.ts';

// Each LLM call takes this long and two run at once: the 55-slide deck (11 chunks) runs for about
// twelve seconds, long enough to walk around the app while it generates.
const LLM_LATENCY_MS = 2_000;
const WORKER_ENV = { TALK_TRACK_CHUNK_CONCURRENCY: '2' };
/** From the click to the toast, with room for a slow machine. */
const JOB_TIMEOUT_MS = 90_000;
/** A recognisable fake, handed to the example app and its build as a host would hand it a real key. */
const FAKE_OPENAI_KEY = `sk-test-${'talktrackkit'.repeat(4)}`;

let env: BrowserStack;

beforeAll(async () => {
  env = await startBrowserStack({
    llmLatencyMs: LLM_LATENCY_MS,
    workerEnv: WORKER_ENV,
    appEnv: { OPENAI_API_KEY: FAKE_OPENAI_KEY },
  });
}, 600_000);

afterAll(async () => {
  await env?.stop();
});

const newUser = () => env.newUser();
const startJob = (page: Page) => startMasterclass(page, env.stack.appUrl);

describe('the user journey in Chromium', () => {
  it('generates a 55-slide talk track while the user moves between steps, then toasts, checks and opens it: axe-clean, no 4xx/5xx, no console errors', async () => {
    const context = await newUser();
    const trouble = recordTrouble(context);
    const page = await context.newPage();
    // Every page the journey shows, in the state it shows it, is checked with axe.
    const axeFindings: Record<string, unknown[]> = {};
    const checkAxe = async (where: string) => void (axeFindings[where] = await runAxe(page));

    await startJob(page);

    await page.getByText(/this may take 2–5 minutes/).waitFor();
    const first = await waitForProgressAbove(page, 0);
    await screenshot(page, '1-banner-and-progress');
    await checkAxe('step 6, generating');
    expect(await page.title()).toBe('Step 6: Talk Track — Funnel Builder');

    await openStep(page, 2);
    expect(await page.getByRole('progressbar').count()).toBe(0);
    await checkAxe('step 2, job running elsewhere');
    expect(await page.title()).toBe('Step 2: Offer — Funnel Builder');
    await openStep(page, 6);
    const later = await waitForProgressAbove(page, first);
    expect(later).toBeGreaterThan(first);
    expect(later).toBeLessThan(100);
    await page.getByText(/chunk \d+ of 11/i).waitFor();
    await screenshot(page, '2-progress-midway');

    await openStep(page, 3);
    await page.getByText('Your talk track is ready').waitFor({ timeout: JOB_TIMEOUT_MS });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Registration page');
    await screenshot(page, '3-toast-on-step-3');

    await page.getByRole('img', { name: 'Talk track ready' }).waitFor();
    await screenshot(page, '4-sidebar-check');
    await checkAxe('step 3, with the completion toast and the sidebar check');

    await page.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL('**/steps/6#talk-track-result');
    await page.getByRole('heading', { name: 'Your talk track' }).waitFor();
    expect(await page.locator('.result__slide').count()).toBe(55);
    await screenshot(page, '5-result-opened');
    await checkAxe('step 6, the result');

    expect(axeFindings).toEqual({
      'step 6, generating': [],
      'step 2, job running elsewhere': [],
      'step 3, with the completion toast and the sidebar check': [],
      'step 6, the result': [],
    });
    expect(trouble).toEqual({ responses: [], consoleErrors: [] });
  });

  it('keeps the job after a reload mid-run and finishes it', async () => {
    const page = await (await newUser()).newPage();
    await startJob(page);
    const before = await waitForProgressAbove(page, 0);
    expect(before).toBeLessThan(100);

    await page.reload();
    await page.getByRole('progressbar').waitFor();
    await page.getByText('Your talk track is ready').waitFor({ timeout: JOB_TIMEOUT_MS });
    await page.getByRole('img', { name: 'Talk track ready' }).waitFor();
    await screenshot(page, '6-after-reload-completed');
  });

  it('polls from one tab when two are open, and both learn of the completion', async () => {
    const context = await newUser();
    const first = await context.newPage();
    const second = await context.newPage();
    const reads = new Map<Page, number>([
      [first, 0],
      [second, 0],
    ]);
    for (const page of [first, second]) {
      page.on('request', (request) => {
        if (isStatusRead(request.method(), request.url())) reads.set(page, reads.get(page)! + 1);
      });
    }
    await startJob(first);
    await second.goto(`${env.stack.appUrl}/steps/2`);

    await Promise.all(
      [first, second].map((page) =>
        page.getByRole('img', { name: 'Talk track ready' }).waitFor({ timeout: JOB_TIMEOUT_MS }),
      ),
    );
    const counts = [reads.get(first)!, reads.get(second)!].sort((a, b) => a - b);
    // One tab leads and polls every few seconds for the whole job; the other reads at most once
    // while it learns who leads.
    expect(counts[1]).toBeGreaterThanOrEqual(3);
    expect(counts[0]).toBeLessThanOrEqual(1);
  });

  it('ships no secret to the browser: not in any static file of the build, nor in any page or RSC payload', async () => {
    const { stack } = env;
    const secrets = {
      'worker key': stack.workerKey,
      'database password': decodeURIComponent(new URL(stack.databaseUrl).password),
      'OpenAI key': FAKE_OPENAI_KEY,
    };
    // A short or empty value would match by chance or everywhere: each must be a real secret.
    for (const [name, value] of Object.entries(secrets)) expect(value.length, name).toBeGreaterThanOrEqual(16);

    const files = await readShippedFiles(join(EXAMPLE_APP_DIR, '.next/static'));
    const pages = (
      await Promise.all(
        ['/', ...[1, 2, 3, 4, 5, 6].map((step) => `/steps/${step}`)].map((path) =>
          fetchShippedPage(`${stack.appUrl}${path}`),
        ),
      )
    ).flat();
    const shipped = [...files, ...pages];

    expect(findSecrets(shipped, secrets)).toEqual([]);
    // Not vacuous: files were read, they hold the client code, and the pages are the real ones.
    expect(files.length).toBeGreaterThan(0);
    expect(files.some(({ where }) => where.endsWith('.js'))).toBe(true);
    expect(findSecrets(files, { 'banner text': 'this may take 2' })).not.toEqual([]);
    expect(findSecrets(pages, { 'Step 6 heading': '>Talk Track</h1>' })).toHaveLength(1);
  });

  it("stops instead of serving when the same build starts in production without the demo's allowance (the open cookie identity)", async () => {
    const lines: string[] = [];
    const args = ['start', '--port', String(await freePort()), '--hostname', '127.0.0.1'];
    const next = spawnNext(EXAMPLE_APP_DIR, args, { [ALLOW_INSECURE_IDENTITY_VAR]: '' }, (line) => lines.push(line));
    try {
      expect(await next.exited).toBe(1);
    } finally {
      await next.stop();
    }
    expect(lines.join('\n')).toContain(`set ${ALLOW_INSECURE_IDENTITY_VAR}=1`);
  });
});
