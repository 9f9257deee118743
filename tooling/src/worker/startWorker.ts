import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denoBinary } from './denoBinary.ts';
import { freePort } from '../freePort.ts';
import { readLines } from '../readLines.ts';

const FUNCTION_DIR = fileURLToPath(new URL('../../../supabase/functions/generate-talk-track/', import.meta.url));
/**
 * The function's own deno.json is what hosts deploy (`npm:@talk-track/server`); local runs map the
 * imports to the workspace source instead and resolve npm packages from the root node_modules.
 */
export const LOCAL_DENO_CONFIG = fileURLToPath(new URL('./deno.local.json', import.meta.url));
/** The edge function's entry, as Supabase deploys it. */
export const FUNCTION_ENTRY = `${FUNCTION_DIR}index.ts`;
/** The path Supabase serves the function under; the local server answers on any path, this keeps URLs alike. */
export const WORKER_FUNCTION_PATH = '/functions/v1/generate-talk-track';
/**
 * The least Deno needs: network (listen, Postgres, the LLM) and environment (config). Module
 * files, node_modules included, load without --allow-read.
 */
export const WORKER_PERMISSIONS = ['--allow-net', '--allow-env'] as const;
/** Deno compiles the function's TypeScript on a cold cache; a second or two, more on a busy machine. */
const DEFAULT_START_TIMEOUT_MS = 30_000;
/** Lines of output kept for the error message when the function dies or a test fails. */
const KEPT_OUTPUT_LINES = 200;

export interface StartWorkerOptions {
  /** The function's environment: SUPABASE_DB_URL, OPENAI_API_KEY, OPENAI_BASE_URL, keys, TALK_TRACK_* knobs. */
  env: Record<string, string | undefined>;
  /** The function folder to serve, with its own `deno.json`. Default: this repository's `supabase/functions/generate-talk-track/`. */
  functionDir?: string;
  /** Extra `deno run` flags, e.g. `--minimum-dependency-age=0` for versions a local registry just received. Default none. */
  denoFlags?: readonly string[];
  /** Loopback port; default a free one. */
  port?: number;
  /** Deno permission flags. Default `WORKER_PERMISSIONS`. */
  permissions?: readonly string[];
  /** Every output line (stdout and stderr), e.g. to print them in `npm run dev`. */
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface WorkerProcess {
  /** The function's URL (`http://127.0.0.1:<port>/functions/v1/generate-talk-track`). */
  url: string;
  port: number;
  pid: number;
  kill(signal?: NodeJS.Signals): void;
  /** Settles when the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the function printed (its logs are JSON lines). */
  output(): string[];
}

/** Runs the edge function under real Deno, as Supabase would, and resolves once it listens. */
export async function startWorker(options: StartWorkerOptions): Promise<WorkerProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}${WORKER_FUNCTION_PATH}`;
  const functionDir = options.functionDir ?? FUNCTION_DIR;
  const child = spawn(
    denoBinary(),
    [
      'run',
      '--no-prompt',
      ...(options.permissions ?? WORKER_PERMISSIONS),
      ...(options.denoFlags ?? []),
      // A host's function folder runs with its own deno.json, as deployed; the repository's with the local config.
      '--config',
      options.functionDir ? join(options.functionDir, 'deno.json') : LOCAL_DENO_CONFIG,
      options.functionDir ? join(options.functionDir, 'index.ts') : FUNCTION_ENTRY,
    ],
    {
      cwd: functionDir,
      env: {
        // PATH and HOME let Deno find its cache; nothing else leaks in from the caller's environment.
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DENO_DIR: process.env.DENO_DIR,
        NO_COLOR: '1',
        TALK_TRACK_WORKER_URL: url,
        ...options.env,
        TALK_TRACK_WORKER_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const listening = new Promise<void>((resolve, reject) => {
    const onLine = (line: string) => {
      lines.push(line);
      if (lines.length > KEPT_OUTPUT_LINES) lines.shift();
      options.onOutput?.(line);
      if (line.includes('generate-talk-track listening on')) resolve();
    };
    readLines(child, onLine);
    child.once('error', reject);
    void exited.then(({ code, signal }) =>
      reject(new Error(`The worker exited before listening (code ${code}, signal ${signal}):\n${lines.join('\n')}`)),
    );
  });
  const timeout = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      listening,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`The worker did not listen within ${timeout} ms:\n${lines.join('\n')}`)),
          timeout,
        );
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    url,
    port,
    pid: child.pid!,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    exited,
    output: () => [...lines],
  };
}
