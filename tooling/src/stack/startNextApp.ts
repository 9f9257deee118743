import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type ManagedProcess, spawnManaged } from './childProcess.ts';
import { waitForHttp } from './waitForHttp.ts';

export const EXAMPLE_APP_DIR = fileURLToPath(new URL('../../../examples/next-app/', import.meta.url));
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');
/** `next dev` compiles the first page on request; on 2 cores that can take a while. */
const START_TIMEOUT_MS = 180_000;

export interface NextAppOptions {
  /** `dev` for `npm run dev`; `start` serves a `next build` output (the browser tests). */
  mode: 'dev' | 'start';
  port: number;
  env: Record<string, string>;
  onLine: (line: string) => void;
}

export interface RunningNextApp {
  url: string;
  stop(): Promise<void>;
}

export async function startNextApp(options: NextAppOptions): Promise<RunningNextApp> {
  const process_: ManagedProcess = spawnManaged(
    process.execPath,
    [NEXT_BIN, options.mode, '--port', String(options.port), '--hostname', '127.0.0.1'],
    { cwd: EXAMPLE_APP_DIR, env: { ...process.env, ...options.env, NEXT_TELEMETRY_DISABLED: '1' } },
    options.onLine,
  );
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHttp(`${url}/steps/1`, START_TIMEOUT_MS, process_.exited);
  } catch (error) {
    await process_.stop();
    throw error;
  }
  return { url, stop: () => process_.stop() };
}

/** `next build` of the example, once per test run (it takes a minute on 2 cores), with `env` over this process's environment. */
export async function buildNextApp(onLine: (line: string) => void, env: Record<string, string> = {}): Promise<void> {
  const build = spawnManaged(process.execPath, [NEXT_BIN, 'build'], { cwd: EXAMPLE_APP_DIR, env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' } }, onLine);
  const code = await build.exited;
  if (code !== 0) throw new Error(`next build of the example failed with exit code ${code}.`);
}
