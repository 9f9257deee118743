import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_REPORT_DIR, exportedNameCount } from '../../tooling/src/packages/apiReport.ts';

/**
 * How many names each entry may export (values and types, counted by the TypeScript checker over
 * the packed declarations: the `Exported names` line of its API report, which
 * tests/packages/packedArtifacts.test.ts keeps equal to the build). Issue 19 set the whole surface
 * at no more than 115 names across the seven entries, each one used by a host, by
 * `@talk-track/react` or by the edge function. This table holds the server's two entries and core's
 * root; `@talk-track/core/client`, `@talk-track/react` and its two subpaths join it when their cut
 * lands (targets 22, 26, 1 and 1).
 *
 * Core's root is over the 15 first aimed at: besides what a host's server code names (the deck and
 * its schema, the talk track, the snapshot, the error codes), it is the model the server package
 * compiles against, and every type the server imports from another package must be exported.
 */
const BUDGETS: Record<string, number> = {
  'talk-track-core.api.md': 20,
  'talk-track-server.api.md': 25,
  'talk-track-server-worker.api.md': 25,
};

describe('the public surface stays within its budget', () => {
  for (const [report, budget] of Object.entries(BUDGETS)) {
    it(`${report} exports at most ${budget} names`, async () => {
      const count = exportedNameCount(await readFile(join(API_REPORT_DIR, report), 'utf8'));
      expect(count, `api-reports/${report} has no "Exported names" line: run npm run api:report`).toBeDefined();
      expect(count).toBeLessThanOrEqual(budget);
    });
  }
});
