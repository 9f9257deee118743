import { type TestProjectInlineConfiguration, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run test:faults`: the slow fault tests in tests/faults (crash trials, fault rates, time
// budget, database restart), with the aliases and the Postgres harness of `npm test`'s node project.
const nodeProject = base.test?.projects?.find(
  (project): project is TestProjectInlineConfiguration =>
    typeof project === 'object' && 'test' in project && project.test?.name === 'node',
);
if (!nodeProject?.test?.globalSetup)
  throw new Error('vitest.config.ts has no "node" project with a globalSetup to reuse.');

export default defineConfig({
  resolve: base.resolve,
  test: {
    name: 'faults',
    environment: 'node',
    globalSetup: nodeProject.test.globalSetup,
    include: ['tests/faults/**/*.test.ts'],
    testTimeout: base.test?.testTimeout,
    hookTimeout: base.test?.hookTimeout,
    // One file at a time: these tests time leases, budgets and restarts, and on a 2-core machine
    // two of them side by side would mostly measure each other.
    fileParallelism: false,
  },
});
