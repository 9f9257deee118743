import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ManagedProcess, spawnManaged } from './childProcess.ts';
import { waitForHttp } from './waitForHttp.ts';

export const EXAMPLE_APP_DIR = fileURLToPath(new URL('../../../examples/next-app/', import.meta.url));
/** The `next` an app installed itself (the example's resolves to the workspace's). */
const nextBin = (appDir: string) => createRequire(join(appDir, 'package.json')).resolve('next/dist/bin/next');
/** `next dev` compiles the first page on request; on 2 cores that can take a while. */
const START_TIMEOUT_MS = 180_000;

export interface NextAppOptions {
  /** `dev` for `npm run dev`; `start` serves a `next build` output (the browser tests). */
  mode: 'dev' | 'start';
  port: number;
  env: Record<string, string>;
  onLine: (line: string) => void;
  /** The app to run. Default `EXAMPLE_APP_DIR`. */
  appDir?: string;
  /** A page that answers once the app is up. Default `/steps/1` (the example's). */
  readyPath?: string;
}

export interface RunningNextApp {
  url: string;
  stop(): Promise<void>;
}

/**
 * `next <args>` in `appDir`, with `env` over this process's environment. NODE_ENV is what Next.js
 * picks from a plain shell (development for `dev`, production otherwise), not the test runner's
 * own 'test': an app under test runs as it does when deployed.
 */
export function spawnNext(
  appDir: string,
  args: readonly string[],
  env: Record<string, string>,
  onLine: (line: string) => void,
): ManagedProcess {
  const nodeEnv = args[0] === 'dev' ? 'development' : 'production';
  return spawnManaged(
    process.execPath,
    [nextBin(appDir), ...args],
    { cwd: appDir, env: { ...process.env, NODE_ENV: nodeEnv, ...env, NEXT_TELEMETRY_DISABLED: '1' } },
    onLine,
  );
}

export async function startNextApp(options: NextAppOptions): Promise<RunningNextApp> {
  const appDir = options.appDir ?? EXAMPLE_APP_DIR;
  const process_ = spawnNext(
    appDir,
    [options.mode, '--port', String(options.port), '--hostname', '127.0.0.1'],
    options.env,
    options.onLine,
  );
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHttp(`${url}${options.readyPath ?? '/steps/1'}`, START_TIMEOUT_MS, process_.exited);
  } catch (error) {
    await process_.stop();
    throw error;
  }
  return { url, stop: () => process_.stop() };
}

/** `next build` of the example, once per test run (it takes a minute on 2 cores), with `env` over this process's environment. */
export async function buildNextApp(onLine: (line: string) => void, env: Record<string, string> = {}): Promise<void> {
  const build = spawnNext(EXAMPLE_APP_DIR, ['build'], env, onLine);
  const code = await build.exited;
  if (code !== 0) throw new Error(`next build of the example failed with exit code ${code}.`);
}
