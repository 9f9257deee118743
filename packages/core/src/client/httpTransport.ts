import { DEFAULT_API_BASE_PATH, type ApiErrorBody, type FindJobResponse } from '../api.ts';
import { CLIENT_ERROR_CODES, TalkTrackApiError } from './TalkTrackApiError.ts';
import type { TalkTrackTransport } from './transport.ts';

export interface HttpTransportOptions {
  /** Where the route handlers are mounted. Default `DEFAULT_API_BASE_PATH` (`/api/generate/talk-track`). */
  basePath?: string;
  /** Default: the global `fetch`, looked up at call time so polyfills and test doubles installed later apply. */
  fetch?: typeof fetch;
  /** Extra headers on every request (e.g. an `authorization` header when the host does not use cookies). */
  headers?: Record<string, string>;
}

/** The transport for the route handlers' HTTP API (`POST /`, `GET /?deckId=`, `GET /:id`, `POST /:id/cancel`, `POST /:id/retry`). */
export function createHttpTransport(options: HttpTransportOptions = {}): TalkTrackTransport {
  const base = (options.basePath ?? DEFAULT_API_BASE_PATH).replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<T>(
    path: string,
    method: 'GET' | 'POST',
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    };
    return resultOf<T>(base, await answerOf(doFetch, base, path, init));
  }

  const jobPath = (jobId: string) => `/${encodeURIComponent(jobId)}`;
  return {
    create: (deck, opts = {}) =>
      call('', 'POST', opts.idempotencyKey ? { deck, idempotencyKey: opts.idempotencyKey } : { deck }, opts.signal),
    get: (jobId, opts = {}) =>
      call(
        opts.waitForChangeMs && opts.since
          ? `${jobPath(jobId)}?waitForChangeMs=${opts.waitForChangeMs}&since=${encodeURIComponent(opts.since)}`
          : jobPath(jobId),
        'GET',
        undefined,
        opts.signal,
      ),
    cancel: (jobId, opts = {}) => call(`${jobPath(jobId)}/cancel`, 'POST', undefined, opts.signal),
    retry: (jobId, opts = {}) => call(`${jobPath(jobId)}/retry`, 'POST', undefined, opts.signal),
    findLatest: (deckId, opts = {}) =>
      call<FindJobResponse>(`?deckId=${encodeURIComponent(deckId)}`, 'GET', undefined, opts.signal).then(
        ({ job }) => job,
      ),
  };
}

interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
}

async function answerOf(doFetch: typeof fetch, base: string, path: string, init: RequestInit): Promise<Answer> {
  try {
    const response = await doFetch(base + path, init);
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
  } catch (error) {
    // An abort is the caller's own doing, not a failure to report.
    if (init.signal?.aborted) throw error;
    throw new TalkTrackApiError({
      code: CLIENT_ERROR_CODES.networkError,
      status: 0,
      message: `Could not reach ${base}: ${error}`,
      cause: error,
    });
  }
}

/** The API's JSON on success; its error body as a `TalkTrackApiError`; anything else as `invalid_response`. */
function resultOf<T>(base: string, { status, retryAfter, text }: Answer): T {
  const parsed = parseJson(text);
  if (status >= 200 && status < 300 && parsed !== undefined && parsed !== null) return parsed as T;
  const error = parsed as Partial<ApiErrorBody> | undefined;
  if (status >= 300 && error && typeof error.code === 'string') {
    throw new TalkTrackApiError({
      code: error.code,
      status,
      message: typeof error.message === 'string' ? error.message : `HTTP ${status}`,
      field: error.field,
      jobId: error.jobId,
      // The API sends whole seconds; an HTTP date (a proxy's) is left to the caller's own backoff.
      retryAfterMs: retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined,
    });
  }
  // A proxy's HTML error page, an empty body, a redirect to a login page: not the API speaking.
  throw new TalkTrackApiError({
    code: CLIENT_ERROR_CODES.invalidResponse,
    status,
    message: `${base} answered HTTP ${status} without the API's JSON: is the route handler mounted at basePath?`,
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
