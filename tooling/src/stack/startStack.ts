import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { LlmServerMode } from '../llm/llmServerMode.ts';
import { type LlmServer, startLlmServer } from '../llm/startLlmServer.ts';
import { applyMigrations, applySupabaseStandIn, startPostgres } from '../postgres/index.ts';
import { startWorker, type WorkerProcess } from '../worker/startWorker.ts';
import { buildNextApp, type RunningNextApp, startNextApp } from './startNextApp.ts';

export interface StackOptions {
  /**
   * How the example app runs. `build: true` (with `start`) runs `next build` first, with the same
   * environment the app then runs with, so whatever a build could inline into the browser bundle
   * (the worker key, the database URL, `appEnv`) is there to be caught.
   */
  next: { mode: 'dev' | 'start'; port: number; build?: boolean };
  /** Extra environment for the example app and its build (e.g. a fake OPENAI_API_KEY the browser must never see). */
  appEnv?: Record<string, string>;
  /** Port of the edge function. Default: a free one. */
  workerPort?: number;
  /** Per-call latency of the local LLM server, so a demo job takes visible time. */
  llmLatencyMs: number;
  /** How the local LLM server behaves (`reasoning`, `no-json-schema`). Default `standard`. */
  llmMode?: LlmServerMode;
  /** Worker knobs passed as environment (TALK_TRACK_*). */
  workerEnv?: Record<string, string>;
  /** Where the parts' log lines go, tagged with the part's name. */
  log: (part: 'postgres' | 'llm' | 'worker' | 'next', line: string) => void;
  /** Real OpenAI when set (and OPENAI_MODEL, OPENAI_BASE_URL); the local server otherwise. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningStack {
  mode: 'offline' | 'openai';
  databaseUrl: string;
  llm: LlmServer | null;
  llmUrl: string;
  worker: WorkerProcess;
  workerKey: string;
  appUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole local stack: Postgres with the migration, the LLM (local or OpenAI), the edge function
 * under Deno and the example app. Shared by `npm run dev` and the browser tests.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const env = options.env ?? process.env;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopPart of stops.reverse()) await stopPart().catch(() => {});
  };
  try {
    const database = await startPostgres({ onLog: (line) => options.log('postgres', line) });
    stops.push(() => database.stop());
    if (!(await hasAuthSchema(database.url))) await applySupabaseStandIn(database.url);
    await applyMigrations(database.url);

    const openAiKey = env.OPENAI_API_KEY;
    const llm = openAiKey ? null : await startLlmServer({ latencyMs: options.llmLatencyMs, mode: options.llmMode });
    if (llm) stops.push(() => llm.close());
    const llmUrl = llm?.url ?? env.OPENAI_BASE_URL ?? "OpenAI's default API";

    // A fresh key per run: what the route handler presents and the function accepts.
    const workerKey = `sb_secret_local_${randomBytes(18).toString('base64url')}`;
    const worker = await startWorker({
      port: options.workerPort,
      env: {
        SUPABASE_DB_URL: database.url,
        OPENAI_API_KEY: openAiKey ?? 'local-offline-key',
        OPENAI_BASE_URL: llm?.url ?? env.OPENAI_BASE_URL,
        OPENAI_MODEL: env.OPENAI_MODEL,
        TALK_TRACK_WORKER_KEY: workerKey,
        ...options.workerEnv,
      },
      onOutput: (line) => options.log('worker', line),
    });
    stops.push(async () => {
      worker.kill('SIGTERM');
      await worker.exited;
    });

    const appEnv = {
      ...options.appEnv,
      DATABASE_URL: database.url,
      TALK_TRACK_WORKER_URL: worker.url,
      TALK_TRACK_WORKER_KEY: workerKey,
    };
    const onAppLine = (line: string) => options.log('next', line);
    if (options.next.build) await buildNextApp(onAppLine, appEnv);
    const app: RunningNextApp = await startNextApp({
      mode: options.next.mode,
      port: options.next.port,
      env: appEnv,
      onLine: onAppLine,
    });
    stops.push(() => app.stop());

    return {
      mode: llm ? 'offline' : 'openai',
      databaseUrl: database.url,
      llm,
      llmUrl,
      worker,
      workerKey,
      appUrl: app.url,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A real Supabase database already has `auth`; only a plain Postgres gets the stand-in. */
async function hasAuthSchema(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    const [row] = await sql<{ exists: boolean }[]>`select to_regnamespace('auth') is not null as exists`;
    return row!.exists;
  } finally {
    await sql.end();
  }
}
