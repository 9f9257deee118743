import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensurePackagesBuilt } from '../../tooling/src/packages/ensurePackagesBuilt.ts';
import { packPublished } from '../../tooling/src/packages/packPublished.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface PackedHost {
  /** A folder outside the workspace whose node_modules holds the packed kit and the other libraries. */
  dir: string;
  close(): Promise<void>;
}

/** The version this workspace's lock file installed, so every figure compares like with like. */
async function lockedVersions(names: readonly string[]): Promise<Record<string, string>> {
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  return Object.fromEntries(
    names.map((name) => {
      const version = lock.packages[`node_modules/${name}`]?.version;
      if (!version) throw new Error(`${name} is not in package-lock.json: add it to the root devDependencies.`);
      return [name, version];
    }),
  );
}

/**
 * A host as it installs the kit: the `npm pack` tarballs of core, server and react plus `libraries`
 * (at the workspace's versions) installed by npm into a fresh folder outside the workspace, so a
 * bundler resolves exactly what a host's would: package.json `exports`, `sideEffects`, the
 * declared dependencies. No workspace links, no aliases.
 */
export async function createPackedHost(libraries: readonly string[]): Promise<PackedHost> {
  await ensurePackagesBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'talk-track-host-'));
  try {
    const packed = await packPublished(join(dir, 'packed'));
    const dependencies = {
      ...Object.fromEntries(packed.map(({ name, tarball }) => [name, `file:${tarball}`])),
      ...(await lockedVersions(libraries)),
    };
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'packed-host', private: true, type: 'module', dependencies }, null, 2),
    );
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, close: () => rm(dir, { recursive: true, force: true }) };
}
