import { WORKER_KEY_VARIABLES, workerKeysFromEnv } from './authenticateWorkerCall.ts';
import { type EnvRecord, WORKER_URL_VARIABLES, type WorkerInvoker, workerUrlFromEnv } from './workerInvoker.ts';

/** The edge function answers 202 before doing any work; a cold start still fits well inside this. */
export const DEFAULT_INVOKE_TIMEOUT_MS = 2_500;

export interface EdgeFunctionInvokerOptions {
  /** Full URL of the `generate-talk-track` function. */
  url: string;
  /** The service-role JWT or an `sb_secret_…` key: the function refuses anything else. */
  key: string;
  /** Gives up on the call after this long. Default `DEFAULT_INVOKE_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

export class WorkerInvokeError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WorkerInvokeError';
  }
}

/**
 * Invokes the Supabase edge function with `{ jobId }` (and, from the worker itself, the hand-off of
 * a job continued in a fresh invocation). Rejects on a non-2xx answer, a network error or the timeout.
 */
export function createEdgeFunctionInvoker(options: EdgeFunctionInvokerOptions): WorkerInvoker {
  const timeoutMs = options.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    async invoke(jobId, handoff) {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Legacy service-role keys are JWTs and travel as a bearer token; the new `sb_secret_…`
          // keys are not JWTs and go in `apikey`. Sending both works with either kind.
          authorization: `Bearer ${options.key}`,
          apikey: options.key,
        },
        body: JSON.stringify(handoff ? { jobId, handoff } : { jobId }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the small body so the connection is reused.
      const text = await response.text().catch(() => '');
      if (!response.ok) {
        throw new WorkerInvokeError(
          `The worker refused job ${jobId}: HTTP ${response.status} ${text.slice(0, 200)}`,
          response.status,
        );
      }
    },
  };
}

/**
 * Builds the invoker from the environment a Supabase/Vercel host already has, read exactly as the
 * worker reads it to invoke itself: the URL from `workerUrlFromEnv` (`TALK_TRACK_WORKER_URL`, else
 * `SUPABASE_URL` + the function path) and the first key of `workerKeysFromEnv`
 * (`TALK_TRACK_WORKER_KEY`, `SUPABASE_SECRET_KEY`, …, the legacy `SUPABASE_SERVICE_ROLE_KEY`).
 */
export function edgeFunctionInvokerFromEnv(
  env: EnvRecord = processEnv(),
  options: { timeoutMs?: number } = {},
): WorkerInvoker {
  const url = workerUrlFromEnv(env);
  const key = workerKeysFromEnv(env)[0];
  if (!url)
    throw new Error(`Set ${WORKER_URL_VARIABLES} so the route handler can reach the generate-talk-track function.`);
  if (!key)
    throw new Error(
      `Set ${WORKER_KEY_VARIABLES} (server-side only) so the route handler may invoke the generate-talk-track function.`,
    );
  return createEdgeFunctionInvoker({ url, key, timeoutMs: options.timeoutMs });
}

function processEnv(): EnvRecord {
  // Read through globalThis so the module loads where `process` does not exist.
  return (globalThis as { process?: { env?: EnvRecord } }).process?.env ?? {};
}
