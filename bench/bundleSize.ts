/**
 * Size of what a host ships for `@talk-track/react`: the react entry (hook, components, provider)
 * with everything it pulls from core (transport, store, watcher), zustand included, and react,
 * react-dom and sonner left to the host. Minified and gzipped, as a browser would download it.
 *
 *   npx tsx bench/bundleSize.ts
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The goal from the issue: the whole client under 8 KB on the wire. */
export const BUNDLE_BUDGET_BYTES = 8 * 1024;

const source = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

export interface BundleSize {
  minifiedBytes: number;
  gzippedBytes: number;
  /** The largest inputs, by minified bytes in the output. */
  largest: { path: string; bytes: number }[];
}

/** What to bundle: a file, or a few lines of source (e.g. `export { useQuery } from '@tanstack/react-query'`). */
export type BundleEntry = { file: string } | { code: string };

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The one esbuild command every entry is measured with, ours and the libraries it is compared
 * with alike (bench/bundleComparison.ts), so the sizes differ only by what is bundled.
 */
export async function measureBundle(entry: BundleEntry): Promise<BundleSize> {
  const result = await build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.code, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['react', 'react-dom', 'react/jsx-runtime', 'sonner'],
    // esbuild picks the longest matching alias, so '@talk-track/core/client' is not read as the
    // root entry plus a '/client' subpath.
    alias: { '@talk-track/core': source('core/src/index.ts'), '@talk-track/core/client': source('core/src/client/index.ts') },
    jsx: 'automatic',
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const largest = Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({ path: path.replace(/^.*node_modules\//, ''), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  return { minifiedBytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength, largest };
}

export function measureReactBundle(): Promise<BundleSize> {
  return measureBundle({ file: source('react/src/index.ts') });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const size = await measureReactBundle();
  console.log('@talk-track/react entry (react, react-dom, sonner external)');
  console.log(`  minified:          ${kb(size.minifiedBytes)}`);
  console.log(`  minified + gzip:   ${kb(size.gzippedBytes)}  (budget ${kb(BUNDLE_BUDGET_BYTES)}: ${size.gzippedBytes <= BUNDLE_BUDGET_BYTES ? 'within' : 'OVER'})`);
  console.log('  largest inputs (minified bytes):');
  for (const { path, bytes } of size.largest) console.log(`    ${String(bytes).padStart(6)}  ${path}`);
}
