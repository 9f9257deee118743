import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const source = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

/** The packages' source, as vitest.config.ts maps them: the page tests what the tests test, never a stale dist/. */
const WORKSPACE_SOURCES: Record<string, string> = {
  '@talk-track/core': source('core/src/index.ts'),
  '@talk-track/core/client': source('core/src/client/index.ts'),
  '@talk-track/react': source('react/src/index.ts'),
  '@talk-track/react/notify-when-hidden': source('react/src/notifyWhenHidden.ts'),
  '@talk-track/testing': source('testing/src/index.ts'),
};

const workspaceSources: Plugin = {
  name: 'workspace-sources',
  setup(plugin) {
    plugin.onResolve({ filter: /^@talk-track\// }, ({ path }) =>
      WORKSPACE_SOURCES[path] ? { path: WORKSPACE_SOURCES[path] } : undefined,
    );
  },
};

/** One browser script holding `entry` and everything it imports, React in production mode. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [workspaceSources],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
