import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browserSession.ts';
import { bundleForBrowser } from './bundleForBrowser.ts';
import { runAxe } from './runAxe.ts';

// Issue 12: a reader whose system is dark, on a host page that is white and says nothing about
// themes, must still be able to read the kit. And a host that asks for dark gets dark.
const STYLES = readFileSync(fileURLToPath(new URL('../../packages/react/src/styles.css', import.meta.url)), 'utf8');
/** Intercepted by the test (page.route), never dialled. */
const PAGE_URL = 'http://127.0.0.1/theme-page';

let browser: Browser;
let script: string;

beforeAll(async () => {
  script = await bundleForBrowser(fileURLToPath(new URL('./themePage/themePage.tsx', import.meta.url)));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

interface HostPage {
  /** The host's own background. */
  background: string;
  /** `data-theme` on the host's <html>, if any. */
  dataTheme?: 'dark';
  /** The provider's `theme`. */
  theme?: 'system' | 'dark';
  richColors: boolean;
}

async function openHostPage(host: HostPage): Promise<Page> {
  const context = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const html = `<!doctype html><html lang="en"${host.dataTheme ? ` data-theme="${host.dataTheme}"` : ''}><head><meta charset="utf-8"><title>Host page</title>
<style>${STYLES}</style><style>body { background: ${host.background}; color: ${host.background === '#ffffff' ? '#111111' : '#f5f5f5'}; font-family: sans-serif; }</style></head>
<body><div id="app"></div><script>${script.replaceAll('</script', '<\\/script')}</script></body></html>`;
  await page.route(`${PAGE_URL}**`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  const query = new URLSearchParams({
    richColors: host.richColors ? '1' : '0',
    ...(host.theme ? { theme: host.theme } : {}),
  });
  await page.goto(`${PAGE_URL}?${query}`);
  // Every piece in its final state: both toasts in, the check ready, the banner failed.
  await page.locator('[data-sonner-toast][data-type="success"][data-mounted="true"]').waitFor();
  await page.locator('[data-sonner-toast][data-type="error"][data-mounted="true"]').waitFor();
  await page.locator('.tt-check[data-state="completed"]').waitFor();
  await page.locator('.tt-banner[data-state="failed"]').waitFor();
  return page;
}

const colorOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => getComputedStyle(element).color);

describe('the kit’s colours under a dark system setting', () => {
  for (const richColors of [false, true]) {
    it(`stays light on a white page with no data-theme: axe finds nothing in banner, progress, check or toasts (richColors ${richColors})`, async () => {
      const page = await openHostPage({ background: '#ffffff', richColors });
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      expect(await colorOf(page, '.tt-progress__percent')).toBe('rgb(31, 36, 48)'); // --tt-fg, light
      expect(await runAxe(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('goes dark with theme="system" on a dark page, and axe finds nothing', async () => {
    const page = await openHostPage({ background: '#111827', theme: 'system', richColors: true });
    expect(await colorOf(page, '.tt-progress__percent')).toBe('rgb(231, 234, 240)'); // --tt-fg, dark
    expect(await colorOf(page, '.tt-toast[data-type="success"]')).toBe('rgb(167, 243, 192)'); // --tt-success-fg, dark
    expect(await runAxe(page)).toEqual([]);
    await page.context().close();
  });

  it('goes dark under a data-theme="dark" ancestor, and axe finds nothing', async () => {
    const page = await openHostPage({ background: '#111827', dataTheme: 'dark', richColors: false });
    expect(await colorOf(page, '.tt-progress__percent')).toBe('rgb(231, 234, 240)');
    expect(await runAxe(page)).toEqual([]);
    await page.context().close();
  });
});
