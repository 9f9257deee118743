import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Tests run against the packages' source, never a stale dist/. Anchored patterns: a plain
// '@talk-track/core' key would also catch '@talk-track/core/client' as a prefix and send it to
// 'core/src/index.ts/client'.
const alias = [
  { find: /^@talk-track\/core$/, replacement: source('core/src/index.ts') },
  { find: /^@talk-track\/core\/client$/, replacement: source('core/src/client/index.ts') },
  { find: /^@talk-track\/server$/, replacement: source('server/src/index.ts') },
  { find: /^@talk-track\/server\/worker$/, replacement: source('server/src/worker.ts') },
  { find: /^@talk-track\/react$/, replacement: source('react/src/index.ts') },
  { find: /^@talk-track\/react\/locales\/de$/, replacement: source('react/src/locales/de.ts') },
  { find: /^@talk-track\/react\/notify-when-hidden$/, replacement: source('react/src/notifyWhenHidden.ts') },
  { find: /^@talk-track\/testing$/, replacement: source('testing/src/index.ts') },
  { find: /^@talk-track\/testing\/react$/, replacement: source('testing/src/react/talkTrackTestRig.tsx') },
  { find: /^@talk-track\/testing\/server$/, replacement: source('testing/src/server/index.ts') },
  { find: /^@talk-track\/testing\/internals$/, replacement: source('testing/src/internals/index.ts') },
  {
    find: /^@talk-track\/testing\/internals\/local-stack$/,
    replacement: source('testing/src/internals/localStack.ts'),
  },
];

export default defineConfig({
  resolve: { alias },
  test: {
    // Database, Deno and browser tests start real processes: give them room, and run files in
    // separate forks so each owns its servers.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          globalSetup: ['tooling/src/testing/globalSetup.ts'],
          include: [
            'packages/core/src/**/*.test.ts',
            'packages/server/src/**/*.test.ts',
            'supabase/tests/**/*.test.ts',
            'tooling/src/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          // The slow fault suite runs on its own: `npm run test:faults` (vitest.faults.config.ts), and
          // so does the fresh-host matrix: `npm run test:host` (vitest.host.config.ts), paid for once.
          // DOM tests of core belong to the dom project below.
          exclude: [...configDefaults.exclude, 'tests/faults/**', 'tests/host/**', '**/*.dom.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['packages/react/src/**/*.test.{ts,tsx}', 'packages/core/src/**/*.dom.test.ts'],
        },
      },
    ],
  },
});
