import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The server (route handlers, worker engine, the edge function's import) loads core's shared model
// only, never the browser client (`@talk-track/core/client`: watcher, store, zustand). Checked on the
// module graph esbuild walks, not on its tree-shaken output: Node and Deno load every module a file
// imports, used or not, so "tree-shaken away" would not mean "not loaded".

const REPO_ROOT = new URL('../../../', import.meta.url);
/** Absolute path of a repo-relative one (esbuild's metafile names inputs relative to `absWorkingDir`). */
const inRepo = (path: string) => fileURLToPath(new URL(path, REPO_ROOT));
const CORE_ROOT = inRepo('packages/core/src/index.ts');
const CORE_CLIENT_DIR = inRepo('packages/core/src/client/');

/** Every module reachable from `entry`, with core resolved to its source and other packages external. */
async function moduleGraph(entry: { file: string } | { code: string }): Promise<Metafile['inputs']> {
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.code, resolveDir: inRepo('packages/server/src'), loader: 'ts' as const } }),
    absWorkingDir: inRepo('.'),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    // Aliases apply before `packages: 'external'`, so core is walked from source; zod, zustand,
    // openai and postgres stay bare imports that the graph still records.
    packages: 'external',
    alias: { '@talk-track/core': CORE_ROOT, '@talk-track/core/client': inRepo('packages/core/src/client/index.ts') },
  });
  return result.metafile.inputs;
}

const clientModules = (inputs: Metafile['inputs']) =>
  Object.keys(inputs)
    .map(inRepo)
    .filter((path) => path.startsWith(CORE_CLIENT_DIR));
const packageImports = (inputs: Metafile['inputs']) =>
  Object.values(inputs).flatMap((input) =>
    input.imports.filter((imported) => imported.external).map((imported) => imported.path),
  );

describe('the server loads no client code', () => {
  it('reaches core through its root entry and neither a client module nor zustand', async () => {
    const inputs = await moduleGraph({ file: inRepo('packages/server/src/index.ts') });

    // Without this the check below would pass just as well if core were never walked at all.
    expect(Object.keys(inputs).map(inRepo)).toContain(CORE_ROOT);
    expect(clientModules(inputs)).toEqual([]);
    expect(packageImports(inputs).filter((path) => path.startsWith('zustand'))).toEqual([]);
  });

  it('would see the client if something imported it (the check is not blind)', async () => {
    const inputs = await moduleGraph({ code: "export { createTalkTrackClient } from '@talk-track/core/client';" });

    expect(clientModules(inputs)).toContain(`${CORE_CLIENT_DIR}watcher.ts`);
    expect(packageImports(inputs)).toContain('zustand/vanilla');
  });
});

// Deno type-checks every module the function's graph reaches; the supabase-js adapter's type import
// would send it looking for `@supabase/supabase-js`, which the function's import map does not have.
// esbuild erases type imports, so the check is on the adapter's module, not on the package name.
const SUPABASE_ADAPTER = 'packages/server/src/stores/supabaseJobStore.ts';

describe('the worker entry (what the edge function imports)', () => {
  it('loads neither the supabase-js adapter nor the route handlers', async () => {
    const inputs = await moduleGraph({ file: inRepo('packages/server/src/worker.ts') });

    expect(Object.keys(inputs)).toContain('packages/server/src/worker/createWorkerHandler.ts');
    expect(Object.keys(inputs)).not.toContain(SUPABASE_ADAPTER);
    expect(Object.keys(inputs)).not.toContain('packages/server/src/http/createTalkTrackHandler.ts');
  });

  it('would see the adapter if something imported it (the check is not blind)', async () => {
    const inputs = await moduleGraph({ file: inRepo('packages/server/src/index.ts') });

    expect(Object.keys(inputs)).toContain(SUPABASE_ADAPTER);
  });
});
