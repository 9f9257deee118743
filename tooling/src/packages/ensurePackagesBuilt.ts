import { spawnSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_WORKSPACES } from './packPublished.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** What a package's build reads besides its `src/` (the server's CLI build also copies its templates, and the repository's migration and function). */
const BUILD_INPUTS = ['package.json', 'tsup.config.ts', 'tsup.cli.ts', 'templates'];
const SHARED_INPUTS = ['tsup.base.ts', 'supabase/migrations', 'supabase/functions/generate-talk-track'];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

async function oldestFileMtime(dir: string): Promise<number> {
  const entries = await readdir(dir).catch(() => []);
  if (entries.length === 0) return 0;
  const times = await Promise.all(entries.map(async (entry) => (await stat(join(dir, entry))).mtimeMs));
  return Math.min(...times);
}

async function isStale(workspace: string): Promise<boolean> {
  const dir = join(ROOT, workspace);
  const times = await Promise.all(
    [
      join(dir, 'src'),
      ...BUILD_INPUTS.map((file) => join(dir, file)),
      ...SHARED_INPUTS.map((path) => join(ROOT, path)),
    ].map(newestMtime),
  );
  const inputs = Math.max(...times);
  return (await oldestFileMtime(join(dir, 'dist'))) < inputs;
}

/**
 * Builds the published packages once per test run, before any test file starts, when a source
 * is newer than its `dist/`. Tests that use the build (the example app, the `npm pack` checks)
 * then read one finished `dist/` instead of each rebuilding it while another reads it.
 */
export async function ensurePackagesBuilt(): Promise<void> {
  const stale = await Promise.all(PUBLISHED_WORKSPACES.map(isStale));
  if (!stale.some(Boolean)) return;
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}
