import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLlmServer } from '../../tooling/src/llm/startLlmServer.ts';
import { applyMigrations, applySupabaseStandIn, startPostgres } from '../../tooling/src/postgres/index.ts';
import { denoBinary } from '../../tooling/src/worker/denoBinary.ts';
import { startWorker } from '../../tooling/src/worker/startWorker.ts';
import type { CleanupStack } from './cleanupStack.ts';
import { FUNCTION_PATH } from './createHostApp.ts';
import { hostCommand } from './hostCommand.ts';

/** Deno 2.9 refuses npm versions younger than a day; the local registry's are minutes old. */
const FRESH_VERSIONS = '--minimum-dependency-age=0';

export interface HostBackendOptions {
  /** Per-call latency of the local LLM, so the job runs long enough to watch. */
  llmLatencyMs: number;
  /** Worker knobs (TALK_TRACK_*). */
  workerEnv: Record<string, string>;
}

export interface HostBackend {
  databaseUrl: string;
  workerUrl: string;
  /** The secret key the route handler presents and the function accepts. */
  secretKey: string;
  /** What `deno check` printed: where each npm package came from. */
  denoCheckOutput: string[];
  /** Migrations applied from the host's `supabase/migrations`. */
  appliedMigrations: string[];
}

/**
 * The host's Supabase side, from the files in the host app: an embedded Postgres with the stand-in
 * of Supabase's roles and the migration init wrote; the function folder init wrote, type-checked
 * and served by Deno with its shipped deno.json (npm: imports from the registries its .npmrc
 * names); the local OpenAI-compatible server it calls.
 */
export async function startHostBackend(
  appDir: string,
  options: HostBackendOptions,
  cleanup: CleanupStack,
): Promise<HostBackend> {
  const database = await startPostgres();
  cleanup.defer(() => database.stop());
  await applySupabaseStandIn(database.url);
  const { applied } = await applyMigrations(database.url, join(appDir, 'supabase/migrations'));

  const llm = await startLlmServer({ latencyMs: options.llmLatencyMs });
  cleanup.defer(() => llm.close());

  // A Deno cache of this run's own: packages cached from an earlier run's registry are never reused.
  const denoDir = await mkdtemp(join(tmpdir(), 'talk-track-host-deno-'));
  cleanup.defer(() => rm(denoDir, { recursive: true, force: true }));
  const functionDir = join(appDir, FUNCTION_PATH);
  const denoCheckOutput = await hostCommand(denoBinary(), ['check', FRESH_VERSIONS, 'index.ts'], {
    cwd: functionDir,
    env: { DENO_DIR: denoDir, NO_COLOR: '1' },
    signal: cleanup.signal,
  });

  const secretKey = `sb_secret_host_${randomBytes(18).toString('base64url')}`;
  const worker = await startWorker({
    functionDir,
    denoFlags: [FRESH_VERSIONS],
    env: {
      DENO_DIR: denoDir,
      SUPABASE_DB_URL: database.url,
      // How Supabase hands a function its secret keys.
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: secretKey }),
      OPENAI_API_KEY: 'local-offline-key',
      OPENAI_BASE_URL: llm.url,
      ...options.workerEnv,
    },
  });
  cleanup.defer(async () => {
    worker.kill('SIGTERM');
    await worker.exited;
  });
  return { databaseUrl: database.url, workerUrl: worker.url, secretKey, denoCheckOutput, appliedMigrations: applied };
}
