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

export async function startNextApp(options: NextAppOptions): Promise<RunningNextApp> {
  const appDir = options.appDir ?? EXAMPLE_APP_DIR;
  const process_: ManagedProcess = spawnManaged(
    process.execPath,
    [nextBin(appDir), options.mode, '--port', String(options.port), '--hostname', '127.0.0.1'],
    { cwd: appDir, env: { ...process.env, ...options.env, NEXT_TELEMETRY_DISABLED: '1' } },
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
  const build = spawnManaged(process.execPath, [nextBin(EXAMPLE_APP_DIR), 'build'], { cwd: EXAMPLE_APP_DIR, env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' } }, onLine);
  const code = await build.exited;
  if (code !== 0) throw new Error(`next build of the example failed with exit code ${code}.`);
}
