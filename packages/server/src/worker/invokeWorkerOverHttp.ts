import type { JobHandoff } from './runJob.ts';

/** A worker invocation should be answered at once (202); longer means the function is not reachable. */
const INVOKE_TIMEOUT_MS = 10_000;

export interface HttpWorkerInvokerOptions {
  /** The worker's URL, e.g. `${SUPABASE_URL}/functions/v1/generate-talk-track`. */
  url: string;
  /** A key the worker accepts (service role key, secret key or TALK_TRACK_WORKER_KEY). */
  key: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface HttpWorkerInvoker {
  /** Asks the worker to (re)start a job; resolves once it answered 202, whether or not it claimed the job. */
  invoke(jobId: string, handoff?: JobHandoff): Promise<void>;
}

/** Starts a worker invocation over HTTP: used by the route handler to start a job and by the worker to continue one. */
export function createHttpWorkerInvoker(options: HttpWorkerInvokerOptions): HttpWorkerInvoker {
  const doFetch = options.fetch ?? fetch;
  return {
    async invoke(jobId, handoff) {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Both headers: legacy service-role keys are JWTs and travel as Bearer; `sb_secret_…` keys travel as apikey.
          authorization: `Bearer ${options.key}`,
          apikey: options.key,
        },
        body: JSON.stringify(handoff ? { jobId, handoff } : { jobId }),
        signal: AbortSignal.timeout(options.timeoutMs ?? INVOKE_TIMEOUT_MS),
      });
      const body = await response.text();
      if (response.status !== 202) {
        throw new Error(`The worker at ${options.url} answered ${response.status} for job ${jobId}: ${body.slice(0, 200)}`);
      }
    },
  };
}
