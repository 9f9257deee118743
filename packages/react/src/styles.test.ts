import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Not `new URL(…, import.meta.url)`: under happy-dom that URL is not a file URL.
const css = readFileSync(join(import.meta.dirname, 'styles.css'), 'utf8');

/** The --tt-* declarations of the first rule whose selector starts with `selector`. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  expect(start, `no rule for ${selector}`).toBeGreaterThanOrEqual(0);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--tt-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]!.trim()]));
}

function luminance(hex: string): number {
  const channels = hex
    .match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i)!
    .slice(1)
    .map((h) => parseInt(h, 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// [foreground, background] as the stylesheet pairs them.
const TEXT_PAIRS = [
  ['--tt-banner-fg', '--tt-banner-bg'],
  ['--tt-danger-fg', '--tt-danger-bg'],
  ['--tt-success-fg', '--tt-success-bg'],
  ['--tt-fg', '--tt-page'],
  ['--tt-muted', '--tt-page'],
  ['--tt-button-fg', '--tt-button-bg'],
] as const;
// The ready check is the page colour drawn on a success-coloured disc.

const ICON_PAIRS = [
  ['--tt-success', '--tt-page'],
  ['--tt-page', '--tt-success'],
  ['--tt-danger', '--tt-page'],
  ['--tt-muted', '--tt-page'],
  ['--tt-accent', '--tt-track'],
  ['--tt-focus', '--tt-page'],
] as const;

const themes = {
  light: variables(':root,'),
  dark: variables("[data-theme='dark'],"),
};

describe('styles.css', () => {
  it.each(Object.entries(themes))(
    '%s theme: text has at least 4.5:1 contrast, icons and the bar at least 3:1',
    (_name, vars) => {
      for (const [fg, bg] of TEXT_PAIRS)
        expect(contrast(vars[fg]!, vars[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      for (const [fg, bg] of ICON_PAIRS)
        expect(contrast(vars[fg]!, vars[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(3);
    },
  );

  it('gives theme="system" under a dark system setting the same values as [data-theme=dark]', () => {
    expect(variables('.tt-theme-system {')).toEqual(themes.dark);
  });

  it('stays light under a dark system setting unless the host asks for dark (only theme="system" follows it)', () => {
    const mediaRules = [...css.matchAll(/@media \(prefers-color-scheme: dark\) \{\s*([^{]+)\{/g)].map((m) =>
      m[1]!.trim(),
    );
    expect(mediaRules).toEqual(['.tt-theme-system']);
  });

  it('stills every animation when reduced motion is asked for', () => {
    const reduced = css.slice(css.indexOf('@media (prefers-reduced-motion: reduce)'));
    for (const animated of ['.tt-banner__icon', '.tt-check svg', '.tt-progress__fill'])
      expect(reduced).toContain(animated);
    expect(reduced).toMatch(/animation: none/);
  });
});
