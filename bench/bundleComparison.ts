/**
 * 5. Bundle size, as a host gets it: `export * from '@talk-track/react'` from the `npm pack`
 * tarballs installed into a fresh folder outside the workspace (no aliases, no workspace links),
 * built by the three bundlers hosts use — esbuild, Vite and Next.js — beside SWR and TanStack
 * Query installed and built the same way in the same run. react, react-dom and sonner are the
 * host's and left out. `npm run bench -- bundleSize` runs it alone.
 */
import { createPackedHost } from './support/packedHost.ts';
import { progress, runIfMain } from './support/benchmark.ts';
import type { BundleSize } from './support/bundlers/bundleSize.ts';
import { esbuildSize } from './support/bundlers/esbuildSize.ts';
import { nextSizes } from './support/bundlers/nextSize.ts';
import { viteSize } from './support/bundlers/viteSize.ts';
import { kb, ratio, verdict, type BenchReport, type BenchRow } from './support/table.ts';

const ID = 'bundleSize';
/**
 * The root entry of `@talk-track/react` on the wire, whichever bundler: 9.5 KB min + gzip. The
 * decision on issue 18: the root entry carries the toasts, long-polling, the strict cross-tab
 * checks and the estimate from history, measured at 9.27 / 8.94 / 8.47 KB (esbuild / Vite /
 * Next.js) on 2026-11-30, so the old 8 KB could only be met by dropping what hosts rely on. The
 * budget is a ceiling, not an allowance: a change that grows the root entry says so in its
 * commit with the new figure, and anything optional goes to an opt-in entry, as
 * `locales/de` and `notify-when-hidden` did.
 */
const BUNDLE_BUDGET_BYTES = 9.5 * 1024;

const OURS = '@talk-track/react';
/** Every export of each: what `export *` (or a namespace import) ships. */
const LIBRARIES = { [OURS]: OURS, swr: 'swr', '@tanstack/react-query': '@tanstack/react-query' } as const;
const BUNDLERS = ['esbuild', 'vite', 'next'] as const;
type Bundler = (typeof BUNDLERS)[number];

export async function bundleSize(): Promise<BenchReport> {
  progress(ID, 'packing the kit and installing it with swr, @tanstack/react-query and the bundlers into a fresh host');
  const host = await createPackedHost(['react', 'react-dom', 'sonner', 'swr', '@tanstack/react-query', 'next']);
  try {
    const sizes: Record<Bundler, Record<string, BundleSize>> = { esbuild: {}, vite: {}, next: {} };
    for (const [name, module] of Object.entries(LIBRARIES)) {
      progress(ID, `esbuild and vite: ${name}`);
      sizes.esbuild[name] = await esbuildSize(host.dir, `export * from '${module}';`);
      sizes.vite[name] = await viteSize(host.dir, `export * from '${module}';`);
    }
    progress(ID, 'next build (one page per library)');
    sizes.next = await nextSizes(host.dir, LIBRARIES);

    const rows: BenchRow[] = [];
    for (const bundler of BUNDLERS) {
      const ours = sizes[bundler][OURS]!;
      const swr = sizes[bundler].swr!;
      rows.push({
        measure: `${OURS} (${bundler}), min + gzip`,
        value: kb(ours.gzippedBytes),
        baseline: `budget ${kb(BUNDLE_BUDGET_BYTES)}`,
        ratio: ratio(ours.gzippedBytes, BUNDLE_BUDGET_BYTES),
        goal: `≤ ${kb(BUNDLE_BUDGET_BYTES)}`,
        verdict: verdict(ours.gzippedBytes <= BUNDLE_BUDGET_BYTES),
      });
      rows.push({
        measure: `swr (${bundler}), min + gzip`,
        value: kb(swr.gzippedBytes),
        baseline: `ours ${kb(ours.gzippedBytes)}`,
        ratio: ratio(swr.gzippedBytes, ours.gzippedBytes),
        goal: '',
        verdict: '',
      });
      const query = sizes[bundler]['@tanstack/react-query']!;
      rows.push({
        measure: `@tanstack/react-query (${bundler}), min + gzip`,
        value: kb(query.gzippedBytes),
        baseline: `ours ${kb(ours.gzippedBytes)}`,
        ratio: ratio(query.gzippedBytes, ours.gzippedBytes),
        goal: '',
        verdict: '',
      });
    }
    const over = BUNDLERS.filter((bundler) => sizes[bundler][OURS]!.gzippedBytes > BUNDLE_BUDGET_BYTES);
    return {
      id: ID,
      title: '5. Bundle size (packed packages, three bundlers)',
      setup:
        'npm pack output installed by npm into a fresh folder; every export of each library; react, react-dom, sonner left to the host; gzip level 9. ' +
        'esbuild: --bundle --minify, ESM, es2022. Vite: production library build. Next.js: `next build`, one client page per library, minus a page importing only sonner.',
      rows,
      notes: [
        over.length
          ? `Over budget with ${over.join(', ')}.`
          : `Within ${kb(BUNDLE_BUDGET_BYTES)} with all three bundlers.`,
        'SWR is one data hook over a cache; ours is that plus three components, the polling watcher, cross-tab leadership, the persisted store (zustand) and the notification ledger.',
      ],
      data: { sizes, budgetBytes: BUNDLE_BUDGET_BYTES },
    };
  } finally {
    await host.close();
  }
}

await runIfMain(import.meta.url, bundleSize);
