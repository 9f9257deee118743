import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { englishMessages } from '@talk-track/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, recordTrouble } from './browserSession.ts';
import { runAxe, type AxeViolation } from './runAxe.ts';
import { serveStatic } from './serveStatic.ts';

// Every story of the built Storybook, as designers and hosts see it, checked with axe in Chromium.
// The system is set to dark: light stories must stay light (issue 12), dark ones are dark, and the
// theme="system" ones turn dark, so one pass sees every palette.
/** A story is a component in isolation, not a page: page-level rules (landmarks, one h1, a title of its own) do not apply. */
const PAGE_LEVEL_RULES = ['region', 'landmark-one-main', 'page-has-heading-one'];

/**
 * What the German stories must not show anywhere (text, aria-label, aria-valuetext, title): each
 * English message's words between placeholders, and sonner's own English labels.
 */
const ENGLISH = [
  ...Object.values(englishMessages)
    .filter((value): value is string => typeof value === 'string')
    .flatMap((template) => template.split(/\{\w+\}/))
    .map((piece) => piece.replace(/^[\s,.:;—–-]+|[\s,.:;—–-]+$/g, ''))
    .filter((piece) => /[a-z]{4}/i.test(piece)),
  'Notifications',
  'Close toast',
];
const TOAST_STORY = /^components-talktracknotifications--|--(completed|failed)-toast$/;

let out: string;
let storybook: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let storyIds: string[];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'talk-track-storybook-'));
  const build = spawnSync('npx', ['storybook', 'build', '-o', out, '--quiet'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`storybook build failed:\n${build.stdout}\n${build.stderr}`);
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
    entries: Record<string, { id: string; type: string }>;
  };
  storyIds = Object.values(index.entries)
    .filter((entry) => entry.type === 'story')
    .map((entry) => entry.id);
  storybook = await serveStatic(out);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await storybook?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

interface PreviewChannel {
  on(event: string, listener: (payload: unknown) => void): void;
  off(event: string, listener: (payload: unknown) => void): void;
}

/**
 * Shows a story in the already loaded preview, as the Storybook manager does (one page load for
 * all stories, so axe is injected once), and waits until it shows what it is about: a toast, for
 * the notification stories.
 */
async function showStory(page: Page, id: string): Promise<void> {
  const outcome = await page
    .evaluate(
      (storyId) =>
        new Promise<string>((resolve) => {
          const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: PreviewChannel })
            .__STORYBOOK_ADDONS_CHANNEL__;
          const done = (result: string) => () => {
            channel.off('storyRendered', rendered);
            channel.off('storyErrored', errored);
            channel.off('storyThrewException', errored);
            resolve(result);
          };
          const rendered = done('rendered');
          const errored = done('errored');
          channel.on('storyRendered', rendered);
          channel.on('storyErrored', errored);
          channel.on('storyThrewException', errored);
          (
            window as unknown as { __STORYBOOK_PREVIEW__: { onSetCurrentStory(selection: unknown): void } }
          ).__STORYBOOK_PREVIEW__.onSetCurrentStory({ storyId, viewMode: 'story' });
        }),
      id,
    )
    // Now and then the preview reloads itself on a switch; the reloaded page shows the story asked for.
    .catch(async (error: unknown) => {
      if (!String(error).includes('Execution context was destroyed')) throw error;
      await page.waitForFunction(
        () =>
          document.body?.classList.contains('sb-show-main') ||
          document.body?.classList.contains('sb-show-errordisplay'),
      );
      return new URL(page.url()).searchParams.get('id') === id &&
        (await page.evaluate(() => document.body.classList.contains('sb-show-main')))
        ? 'rendered'
        : 'errored';
    });
  expect(outcome, id).toBe('rendered');
  if (TOAST_STORY.test(id))
    await page.locator('[data-sonner-toast][data-mounted="true"]').first().waitFor({ timeout: 15_000 });
}

describe('the built Storybook in Chromium', () => {
  it('has 0 axe violations in every story, with the system set to dark, and no console errors', async () => {
    const context = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const trouble = recordTrouble(context);
    const page = await context.newPage();
    // Loaded on the last story, so the loop's first switch is a real change of story.
    await page.goto(`${storybook.url}/iframe.html?id=${storyIds.at(-1)}&viewMode=story`);
    await page.waitForFunction(() => document.body.classList.contains('sb-show-main'));
    const findings: Record<string, AxeViolation[]> = {};
    const englishInGerman: Record<string, string[]> = {};
    for (const id of storyIds) {
      await showStory(page, id);
      if (id.startsWith('locales-german--')) {
        const shown = await page.evaluate(() => {
          const root = document.querySelector('#storybook-root')!;
          const attributes = [...root.querySelectorAll('[aria-label],[aria-valuetext],[title]')].flatMap((el) =>
            ['aria-label', 'aria-valuetext', 'title'].map((name) => el.getAttribute(name) ?? ''),
          );
          return [(root as HTMLElement).innerText, ...attributes].join('\n');
        });
        const left = ENGLISH.filter((piece) => shown.includes(piece));
        if (left.length > 0) englishInGerman[id] = left;
        // Not vacuous: the components are there, speaking German.
        expect(shown, id).toMatch(/Sprechtext|Abschnitt|Schritt 6/);
      }
      const violations = await runAxe(page, { include: ['#storybook-root'], disableRules: PAGE_LEVEL_RULES });
      if (violations.length > 0) findings[id] = violations;
    }
    await context.close();
    // Not vacuous: the stories were found, including the ones this check matters most for.
    expect(storyIds.length).toBeGreaterThanOrEqual(45);
    expect(storyIds).toEqual(
      expect.arrayContaining([
        'components-talktracknotifications--completion',
        'components-talktrackprogress--system-theme',
      ]),
    );
    expect(findings).toEqual({});
    expect(englishInGerman).toEqual({});
    expect(storyIds.filter((id) => id.startsWith('locales-german--'))).toHaveLength(10);
    expect(trouble).toEqual({ responses: [], consoleErrors: [] });
  }, 300_000);
});
