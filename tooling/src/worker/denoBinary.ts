import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Deno executable the `deno` npm package installed. Spawning it directly (not through the
 * package's Node shim) means a signal sent to the child reaches Deno itself — what the crash
 * tests rely on.
 */
export function denoBinary(): string {
  const packageDir = dirname(require.resolve('deno/package.json'));
  const exe = join(packageDir, process.platform === 'win32' ? 'deno.exe' : 'deno');
  if (existsSync(exe)) return exe;
  // The postinstall step did not run (scripts not approved): let the package locate its platform binary.
  const { runInstall } = require('deno/install_api.cjs') as { runInstall(): string };
  return runInstall();
}
