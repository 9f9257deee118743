import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNextApp } from '../../tooling/src/stack/startNextApp.ts';
import { type RunningStack, startStack } from '../../tooling/src/stack/startStack.ts';
import { freePort } from '../../tooling/src/freePort.ts';
import { isStatusRead, launchChromium, screenshot, waitForProgressAbove } from './browserSession.ts';

// Each LLM call takes this long and two run at once: the 55-slide deck (11 chunks) runs for about
// twelve seconds, long enough to walk around the app while it generates.
const LLM_LATENCY_MS = 2_000;
const WORKER_ENV = { TALK_TRACK_CHUNK_CONCURRENCY: '2' };
/** From the click to the toast, with room for a slow machine. */
const JOB_TIMEOUT_MS = 90_000;

let stack: RunningStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const output: string[] = [];
  const keep = (line: string) => void output.push(line);
  const build = spawnSync('npm', ['run', 'build', '--silent'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  try {
    await buildNextApp(keep);
    stack = await startStack({
      next: { mode: 'start', port: await freePort() },
      llmLatencyMs: LLM_LATENCY_MS,
      workerEnv: WORKER_ENV,
      log: (_part, line) => keep(line),
      // Offline whatever the developer's shell holds: the tests never call OpenAI.
      env: {},
    });
  } catch (error) {
    throw new Error(`${String(error)}\n${output.slice(-60).join('\n')}`);
  }
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

/** A fresh browser profile: a new cookie, so a new user with no job yet. */
async function newUser(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  contexts.push(context);
  return context;
}

async function openStep(page: Page, step: number): Promise<void> {
  await page.getByRole('link', { name: new RegExp(`Step ${step}\\b`) }).click();
  await page.waitForURL(`**/steps/${step}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

async function startMasterclass(page: Page): Promise<void> {
  await page.goto(`${stack.appUrl}/steps/6`);
  await page.getByRole('radio', { name: /55 slides/ }).check();
  await page.getByRole('button', { name: 'Generate Talk Track' }).click();
}

describe('the user journey in Chromium', () => {
  it('generates a 55-slide talk track while the user moves between steps, then toasts, checks and opens it', async () => {
    const page = await (await newUser()).newPage();
    await startMasterclass(page);

    await page.getByText(/this may take 2–5 minutes/).waitFor();
    const first = await waitForProgressAbove(page, 0);
    await screenshot(page, '1-banner-and-progress');

    await openStep(page, 2);
    expect(await page.getByRole('progressbar').count()).toBe(0);
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

    await page.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL('**/steps/6#talk-track-result');
    await page.getByRole('heading', { name: 'Your talk track' }).waitFor();
    expect(await page.locator('.result__slide').count()).toBe(55);
    await screenshot(page, '5-result-opened');
  });

  it('keeps the job after a reload mid-run and finishes it', async () => {
    const page = await (await newUser()).newPage();
    await startMasterclass(page);
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
    const reads = new Map<Page, number>([[first, 0], [second, 0]]);
    for (const page of [first, second]) {
      page.on('request', (request) => {
        if (isStatusRead(request.method(), request.url())) reads.set(page, reads.get(page)! + 1);
      });
    }
    await startMasterclass(first);
    await second.goto(`${stack.appUrl}/steps/2`);

    await Promise.all(
      [first, second].map((page) => page.getByRole('img', { name: 'Talk track ready' }).waitFor({ timeout: JOB_TIMEOUT_MS })),
    );
    const counts = [reads.get(first)!, reads.get(second)!].sort((a, b) => a - b);
    // One tab leads and polls every few seconds for the whole job; the other reads at most once
    // while it learns who leads.
    expect(counts[1]).toBeGreaterThanOrEqual(3);
    expect(counts[0]).toBeLessThanOrEqual(1);
  });
});
