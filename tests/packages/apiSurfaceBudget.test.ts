import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_REPORT_DIR, exportedNameCount } from '../../tooling/src/packages/apiReport.ts';

/**
 * How many names each entry may export (values and types, counted by the TypeScript checker over
 * the packed declarations: the `Exported names` line of its API report, which
 * tests/packages/packedArtifacts.test.ts keeps equal to the build). The whole surface stays at no
 * more than 115 names across the seven entries (half of the 230 it had grown to), each one used by
 * a host, by `@talk-track/react` or by the edge function; each entry has a budget of its own, with
 * a little room, so that growth in one shows where it happened.
 *
 * Core's root is the model the server package compiles against as well as what a host's server
 * code names (the deck and its schema, the talk track, the snapshot, the error codes): every type
 * the server imports from another package must be exported.
 */
const BUDGETS: Record<string, number> = {
  'talk-track-core.api.md': 20,
  'talk-track-core-client.api.md': 20,
  'talk-track-server.api.md': 18,
  'talk-track-server-worker.api.md': 14,
  'talk-track-react.api.md': 24,
  'talk-track-react-locales-de.api.md': 1,
  'talk-track-react-notify-when-hidden.api.md': 1,
};
const WHOLE_SURFACE_BUDGET = 115;

async function countOf(report: string): Promise<number | undefined> {
  return exportedNameCount(await readFile(join(API_REPORT_DIR, report), 'utf8'));
}

describe('the public surface stays within its budget', () => {
  for (const [report, budget] of Object.entries(BUDGETS)) {
    it(`${report} exports at most ${budget} names`, async () => {
      const count = await countOf(report);
      expect(count, `api-reports/${report} has no "Exported names" line: run npm run api:report`).toBeDefined();
      expect(count).toBeLessThanOrEqual(budget);
    });
  }

  it(`the seven entries together export at most ${WHOLE_SURFACE_BUDGET} names`, async () => {
    const reports = (await readdir(API_REPORT_DIR)).filter((file) => file.endsWith('.api.md'));
    expect(reports.sort()).toEqual(Object.keys(BUDGETS).sort());
    const counts = await Promise.all(reports.map(countOf));
    expect(counts.reduce<number>((sum, count) => sum + (count ?? Infinity), 0)).toBeLessThanOrEqual(
      WHOLE_SURFACE_BUDGET,
    );
  });
});
