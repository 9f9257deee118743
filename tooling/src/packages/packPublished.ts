import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The workspaces hosts install, in dependency order. */
export const PUBLISHED_WORKSPACES = ['packages/core', 'packages/server', 'packages/react'] as const;

export interface PackedPackage {
  name: string;
  version: string;
  /** The `.tgz` `npm pack` wrote. */
  tarball: string;
  /** The tarball unpacked: what lands in a host's `node_modules/<name>`. */
  dir: string;
}

/**
 * What a host downloads: `npm pack` of each published workspace (the `files` list, the
 * `package.json` as it ships), unpacked beside the tarball. Build first (`npm run build`): this
 * packs whatever `dist/` holds.
 */
export async function packPublished(outDir: string): Promise<PackedPackage[]> {
  await mkdir(outDir, { recursive: true });
  const workspaces = PUBLISHED_WORKSPACES.flatMap((workspace) => ['--workspace', workspace]);
  const { stdout } = await run(
    'npm',
    ['pack', ...workspaces, '--pack-destination', outDir, '--json', '--ignore-scripts'],
    {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const packed = JSON.parse(stdout) as { name: string; version: string; filename: string }[];
  return Promise.all(
    packed.map(async ({ name, version, filename }) => {
      const tarball = join(outDir, filename);
      const dir = join(outDir, filename.replace(/\.tgz$/, ''));
      await mkdir(dir, { recursive: true });
      await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
      return { name, version, tarball, dir };
    }),
  );
}
