import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunch } from '../../tooling/src/browser/chromiumLaunch.ts';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/browser/', import.meta.url));

/** Playwright gives every launch a fresh, empty profile of its own (its own `--user-data-dir`). */
export async function launchChromium(): Promise<Browser> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const { executablePath, args } = await chromiumLaunch();
  return chromium.launch({ executablePath, args });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/**
 * What a healthy run must not show: responses of 400 or more, and errors in any page's console.
 * Collected from the moment it is called, for every page of the context.
 */
export function recordTrouble(context: BrowserContext): { responses: string[]; consoleErrors: string[] } {
  const trouble = { responses: [] as string[], consoleErrors: [] as string[] };
  context.on('response', (response) => {
    if (response.status() >= 400)
      trouble.responses.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  context.on('console', (message) => {
    if (message.type() === 'error') trouble.consoleErrors.push(message.text());
  });
  context.on('weberror', (error) => void trouble.consoleErrors.push(String(error.error())));
  return trouble;
}

/** A status read of one job (`GET …/talk-track/<uuid>`), as opposed to create, cancel or retry. */
export function isStatusRead(method: string, url: string): boolean {
  return method === 'GET' && /\/api\/generate\/talk-track\/[0-9a-f-]{36}$/.test(new URL(url).pathname);
}

/** Resolves once the page's progress bar reports more than `above` percent. */
export async function waitForProgressAbove(page: Page, above: number, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(
    (threshold) => {
      const bar = document.querySelector('[role="progressbar"]');
      const value = Number(bar?.getAttribute('aria-valuenow') ?? NaN);
      return value > threshold ? value : false;
    },
    above,
    { timeout },
  );
  return (await handle.jsonValue()) as number;
}

/** Follows the sidebar link to a step and waits for its heading. */
export async function openStep(page: Page, step: number): Promise<void> {
  await page.getByRole('link', { name: new RegExp(`Step ${step}\\b`) }).click();
  await page.waitForURL(`**/steps/${step}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** On Step 6, picks the 55-slide deck and clicks Generate. */
export async function startMasterclass(page: Page, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/steps/6`);
  await page.getByRole('radio', { name: /55 slides/ }).check();
  await page.getByRole('button', { name: 'Generate Talk Track' }).click();
}
