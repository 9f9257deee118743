import { defineConfig } from 'vitest/config';

// `npm run test:host`: the fresh-host test (tests/host). No aliases and no shared database: it
// publishes the built packages to a local registry and runs them in an app outside the workspace.
export default defineConfig({
  test: {
    name: 'host',
    environment: 'node',
    include: ['tests/host/**/*.test.ts'],
    testTimeout: 180_000,
    // Registry, create-next-app, npm install, Deno, next build: minutes on 2 cores, per row.
    hookTimeout: 600_000,
  },
});
