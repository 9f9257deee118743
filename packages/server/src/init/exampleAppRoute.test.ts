import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_SOURCES } from './copyInitTemplates.ts';

const EXAMPLE_ROUTE = new URL(
  '../../../../examples/next-app/app/api/generate/talk-track/[[...path]]/route.ts',
  import.meta.url,
);

describe("the example app's route folder", () => {
  // The example is a host that ran init and wrote its own getUserId: its `next build` (the browser
  // tests) compiles the very route file init writes.
  it('holds the route file init writes', async () => {
    expect(await readFile(EXAMPLE_ROUTE, 'utf8')).toBe(await readFile(TEMPLATE_SOURCES.route, 'utf8'));
  });
});
