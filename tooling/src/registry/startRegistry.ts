import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../freePort.ts';
import { spawnManaged } from '../stack/childProcess.ts';
import { waitForHttp } from '../stack/waitForHttp.ts';

const VERDACCIO_BIN = join(
  dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')),
  'bin',
  'verdaccio',
);
/** Verdaccio boots in a second or two; a busy 2-core machine gets room. */
const START_TIMEOUT_MS = 60_000;

export interface StartRegistryOptions {
  /** The one scope this registry serves and accepts, e.g. `@talk-track`. */
  scope: `@${string}`;
  /** Verdaccio's log lines (warnings and errors only). */
  onLine?: (line: string) => void;
}

export interface RunningRegistry {
  /** `http://127.0.0.1:<port>/`, for `--registry` and `<scope>:registry=` in an `.npmrc`. */
  url: string;
  /** Stops Verdaccio and deletes everything published to it. */
  stop(): Promise<void>;
}

/**
 * A throwaway npm registry (Verdaccio) on loopback that serves one scope and nothing else: no
 * uplinks, so a package outside the scope is a 404 here and comes from the usual registry through
 * the host's scoped `.npmrc`. Storage lives in a temp folder that `stop()` removes.
 */
export async function startRegistry(options: StartRegistryOptions): Promise<RunningRegistry> {
  const root = await mkdtemp(join(tmpdir(), 'talk-track-registry-'));
  const port = await freePort();
  const configPath = join(root, 'config.yaml');
  await writeFile(configPath, registryConfig(root, options.scope));
  const url = `http://127.0.0.1:${port}/`;
  const server = spawnManaged(
    process.execPath,
    [VERDACCIO_BIN, '--config', configPath, '--listen', `127.0.0.1:${port}`],
    { cwd: root, env: process.env },
    (line) => options.onLine?.(line),
  );
  const stop = async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}-/ping`, START_TIMEOUT_MS, server.exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

// Publishing is open to anyone (any token) because only this test's loopback clients can reach it.
function registryConfig(root: string, scope: string): string {
  return `storage: ${JSON.stringify(join(root, 'storage'))}
uplinks: {}
auth:
  htpasswd:
    file: ${JSON.stringify(join(root, 'htpasswd'))}
    max_users: -1
packages:
  '${scope}/*':
    access: $all
    publish: $all
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
`;
}
