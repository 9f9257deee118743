import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Rollup } from 'vite';
import { HOST_PROVIDED, sizeOf, type BundleSize } from './bundleSize.ts';

/**
 * `code` bundled by Vite's production app build (rolldown, its default minifier), resolved from
 * `hostDir`. An app build, not library mode: library mode keeps whitespace in ES output, which no
 * host ships.
 */
export async function viteSize(hostDir: string, code: string): Promise<BundleSize> {
  const entryDir = await mkdtemp(join(hostDir, 'vite-entry-'));
  try {
    const entry = join(entryDir, 'entry.js');
    await writeFile(entry, code);
    const output = (await build({
      root: entryDir,
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        modulePreload: false,
        // The entry's exports are the point: keep them, as a page that uses them all would.
        rolldownOptions: { input: entry, external: HOST_PROVIDED, preserveEntrySignatures: 'exports-only' },
      },
    })) as Rollup.RollupOutput | Rollup.RollupOutput[];
    const chunks = (Array.isArray(output) ? output : [output]).flatMap(({ output: files }) =>
      files.filter((file) => file.type === 'chunk'),
    );
    return sizeOf(chunks.map((chunk) => (chunk as Rollup.OutputChunk).code).join('\n'));
  } finally {
    await rm(entryDir, { recursive: true, force: true });
  }
}
