import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `npm publish` of each package folder (built beforehand) to `registryUrl`, as a maintainer would,
 * with a throwaway `.npmrc` holding a token: the user's own `~/.npmrc` is never read or written.
 */
export async function publishPackages(registryUrl: string, packageDirs: readonly string[]): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'talk-track-publish-'));
  const userconfig = join(root, '.npmrc');
  try {
    // The registry accepts any token; npm refuses to publish without one.
    await writeFile(userconfig, `//${new URL(registryUrl).host}/:_authToken=local-publish-token\n`);
    for (const dir of packageDirs) {
      try {
        await run(
          'npm',
          [
            'publish',
            dir,
            '--registry',
            registryUrl,
            '--userconfig',
            userconfig,
            '--access',
            'public',
            '--ignore-scripts',
          ],
          {
            env: { ...process.env, npm_config_provenance: 'false' },
          },
        );
      } catch (error) {
        const { stderr } = error as { stderr?: string };
        throw new Error(`npm publish ${dir} to ${registryUrl} failed:\n${stderr ?? String(error)}`, { cause: error });
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
