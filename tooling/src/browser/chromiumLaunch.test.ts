import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { chromiumLaunch } from './chromiumLaunch.ts';

describe('chromiumLaunch', () => {
  it('prefers CHROMIUM_PATH over everything else', async () => {
    const launch = await chromiumLaunch({ CHROMIUM_PATH: '/opt/my-chromium' });
    expect(launch).toMatchObject({ executablePath: '/opt/my-chromium', source: 'CHROMIUM_PATH' });
    expect(launch.args).toContain('--disable-background-networking');
  });

  it('finds a Chromium that launches with no apt step and no environment', async () => {
    const launch = await chromiumLaunch({});
    expect(launch.args).not.toContain('--single-process');
    expect(launch.args).not.toContain('--disable-web-security');
    const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args });
    try {
      const page = await browser.newPage();
      await page.setContent('<main><h1>ready</h1></main>');
      expect(await page.textContent('h1')).toBe('ready');
    } finally {
      await browser.close();
    }
  });
});
