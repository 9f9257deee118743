/**
 * 5. Bundle size: what a host ships for `@talk-track/react` (hook, components, provider, HTTP
 * transport, store; react, react-dom and sonner left to the host), minified and gzipped, beside
 * SWR's `useSWR` and TanStack Query's `useQuery` built by the same esbuild command
 * (`measureBundle` in bench/bundleSize.ts).
 */
import { BUNDLE_BUDGET_BYTES, measureBundle, measureReactBundle, type BundleSize } from './bundleSize.ts';
import { progress, runIfMain } from './support/benchmark.ts';
import { kb, ratio, verdict, type BenchReport } from './support/table.ts';

const ID = 'bundleSize';

/** The libraries' entries as a host would import them for one data hook. */
const LIBRARIES = {
  'swr (useSWR)': "export { default as useSWR } from 'swr';",
  '@tanstack/react-query (useQuery)': "export { useQuery } from '@tanstack/react-query';",
  '@tanstack/react-query (useQuery + QueryClient + Provider)': "export { useQuery, QueryClient, QueryClientProvider } from '@tanstack/react-query';",
} as const;

export async function bundleSize(): Promise<BenchReport> {
  progress(ID, 'bundling with esbuild');
  const ours = await measureReactBundle();
  const libraries = new Map<string, BundleSize>();
  for (const [name, code] of Object.entries(LIBRARIES)) libraries.set(name, await measureBundle({ code }));
  const swr = libraries.get('swr (useSWR)')!;
  const withinBudget = ours.gzippedBytes <= BUNDLE_BUDGET_BYTES;
  const smallerThanSwr = ours.gzippedBytes < swr.gzippedBytes;
  const notes = [
    `Largest inputs of ours (minified bytes): ${ours.largest.slice(0, 5).map(({ path, bytes }) => `${path.replace(/^packages\//, '')} ${bytes}`).join(', ')}.`,
    'TanStack Query\'s useQuery alone cannot run without a QueryClient and its provider; the third row is what a host ships to use it.',
  ];
  if (!withinBudget || !smallerThanSwr) {
    notes.push(
      `Missed${withinBudget ? ' (smaller than SWR)' : smallerThanSwr ? ' (budget)' : ''}: ours is ${kb(ours.gzippedBytes)} against ${kb(swr.gzippedBytes)} for SWR and a budget of ${kb(BUNDLE_BUDGET_BYTES)}. ` +
        'SWR is one data hook over a cache; ours is that plus three components, the polling watcher, cross-tab leadership, the persisted store (zustand, ~1 KB) and the notification ledger, which SWR leaves to the host.',
    );
  }
  return {
    id: ID,
    title: '5. Bundle size',
    setup: 'esbuild --bundle --minify, ESM for browsers (es2022), react, react-dom, react/jsx-runtime and sonner external; gzip level 9. Ours: the whole @talk-track/react entry.',
    rows: [
      { measure: '@talk-track/react, min + gzip', value: kb(ours.gzippedBytes), baseline: `budget ${kb(BUNDLE_BUDGET_BYTES)}`, ratio: ratio(ours.gzippedBytes, BUNDLE_BUDGET_BYTES), goal: `≤ ${kb(BUNDLE_BUDGET_BYTES)}`, verdict: verdict(withinBudget) },
      { measure: '@talk-track/react vs swr, min + gzip', value: kb(ours.gzippedBytes), baseline: `swr ${kb(swr.gzippedBytes)}`, ratio: ratio(ours.gzippedBytes, swr.gzippedBytes), goal: '< 1× swr', verdict: verdict(smallerThanSwr) },
      { measure: '@talk-track/react, minified', value: kb(ours.minifiedBytes), baseline: `swr ${kb(swr.minifiedBytes)}`, ratio: ratio(ours.minifiedBytes, swr.minifiedBytes), goal: '', verdict: '' },
      ...[...libraries].map(([name, size]) => ({
        measure: `${name}, min + gzip`,
        value: kb(size.gzippedBytes),
        baseline: `ours ${kb(ours.gzippedBytes)}`,
        ratio: ratio(size.gzippedBytes, ours.gzippedBytes),
        goal: '',
        verdict: '' as const,
      })),
    ],
    notes,
    data: { ours, libraries: Object.fromEntries(libraries), budgetBytes: BUNDLE_BUDGET_BYTES },
  };
}

await runIfMain(import.meta.url, bundleSize);
