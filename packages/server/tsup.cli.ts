import { fileURLToPath } from 'node:url';
import type { Options } from 'tsup';
import { copyInitTemplates } from './src/init/copyInitTemplates.ts';

/**
 * The `talk-track` bin: ESM for Node only (esbuild keeps the entry's shebang and tsup makes the
 * file executable), with the templates it writes beside it in `<outDir>/templates`.
 */
export function cliBuild(outDir: string): Options {
  return {
    entry: { cli: fileURLToPath(new URL('./src/cli.ts', import.meta.url)) },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: false,
    clean: false,
    // Keep `node:` on builtins, so they read (and are checked) as builtins rather than packages.
    removeNodeProtocol: false,
    onSuccess: () => copyInitTemplates(`${outDir}/templates`),
  };
}
