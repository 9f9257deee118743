/**
 * `npm run api:report`: writes `api-reports/*.api.md` from the packages' `npm pack` output (build
 * first). `tests/packages/packedArtifacts.test.ts` fails while a report differs from the build, so
 * a change to the public surface reaches review as a change to these files.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiSurfaces, renderApiReport } from './apiSurface.ts';
import { packPublished, type PackedPackage } from './packPublished.ts';

export const API_REPORT_DIR = fileURLToPath(new URL('../../../api-reports/', import.meta.url));

/** The count a report's header gives (`Exported names: N`), or `undefined` for a report without one. */
export function exportedNameCount(report: string): number | undefined {
  const count = /^Exported names: (\d+)/m.exec(report)?.[1];
  return count === undefined ? undefined : Number(count);
}

/** Report file name → its text, for every entry of every packed package. */
export async function renderApiReports(packed: PackedPackage[]): Promise<Map<string, string>> {
  const reports = new Map<string, string>();
  for (const { dir } of packed)
    for (const surface of await apiSurfaces(dir)) reports.set(surface.reportFile, renderApiReport(surface));
  return reports;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const work = await mkdtemp(join(tmpdir(), 'talk-track-api-'));
  try {
    const reports = await renderApiReports(await packPublished(work));
    for (const stale of await readdir(API_REPORT_DIR).catch(() => []))
      if (!reports.has(stale)) await rm(join(API_REPORT_DIR, stale));
    for (const [file, text] of reports) await writeFile(join(API_REPORT_DIR, file), text);
    console.log(`Wrote ${reports.size} API reports to api-reports/.`);
    for (const [file, text] of reports) console.log(`  ${file}: ${exportedNameCount(text)} exported names`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
