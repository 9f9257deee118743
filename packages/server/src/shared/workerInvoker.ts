/** Environment variables, as `process.env` or `Deno.env.toObject()` give them. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** The function's slug: its URL path and its `config.toml` block. */
export const WORKER_FUNCTION_NAME = 'generate-talk-track';

/** What one invocation passes to the next when it runs out of time. */
export interface JobHandoff {
  /** Attempts already spent per unfinished chunk (chunk index → attempts), so retries stay bounded across invocations. */
  chunkAttempts: Record<string, number>;
}

/**
 * How the route handlers start (or restart) the worker for a job, and how the worker hands the
 * rest of a job to a fresh invocation of itself: the same call, to the same URL, with the same
 * keys (`workerUrlFromEnv`, `workerKeysFromEnv`). It only has to deliver the job id: the worker
 * answers at once and runs in the background, and a job whose invocation got lost is picked up
 * again by the scheduled sweep (or a status read).
 */
export interface WorkerInvoker {
  invoke(jobId: string, handoff?: JobHandoff): Promise<void>;
}

/** The variables `workerUrlFromEnv` reads, as every message that asks for the worker's URL names them. */
export const WORKER_URL_VARIABLES = 'TALK_TRACK_WORKER_URL or SUPABASE_URL';

/**
 * Where the worker is reached, by the route and by the worker itself: `TALK_TRACK_WORKER_URL`,
 * else `${SUPABASE_URL}/functions/v1/generate-talk-track`.
 */
export function workerUrlFromEnv(env: EnvRecord): string | undefined {
  const supabaseUrl = env.SUPABASE_URL?.trim();
  return (
    env.TALK_TRACK_WORKER_URL?.trim() ||
    (supabaseUrl ? `${supabaseUrl.replace(/\/+$/, '')}/functions/v1/${WORKER_FUNCTION_NAME}` : undefined)
  );
}
