// Test support for the route handler tests: requests as a browser would send them, a worker
// invoker that records its calls, and decks of any size.
import type { DeckInput } from '@talk-track/core';
import type { TalkTrackLogger, WorkerInvoker } from '@talk-track/server';

export const BASE = 'http://127.0.0.1:3000/api/generate/talk-track';
/** The header tests use to say who is asking; the handler's `getUserId` reads it. */
export const USER_HEADER = 'x-test-user';

export interface RecordingWorker extends WorkerInvoker {
  calls: string[];
  /** How the next invocations behave: answer at once (default), fail, or never answer. */
  mode: 'accept' | 'fail' | 'hang';
}

export function recordingWorker(): RecordingWorker {
  const worker: RecordingWorker = {
    calls: [],
    mode: 'accept',
    invoke(jobId) {
      worker.calls.push(jobId);
      if (worker.mode === 'fail') return Promise.reject(new Error('edge function answered 500'));
      if (worker.mode === 'hang') return new Promise<void>(() => {});
      return Promise.resolve();
    },
  };
  return worker;
}

export interface RecordingLogger extends TalkTrackLogger {
  lines: { level: 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> | undefined }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const record =
    (level: RecordingLogger['lines'][number]['level']) => (message: string, fields?: Record<string, unknown>) =>
      void lines.push({ level, message, fields });
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

export function getUserIdFromHeader(request: Request): string | null {
  return request.headers.get(USER_HEADER);
}

export function deckInput(slideCount: number, overrides: Partial<DeckInput> = {}): DeckInput {
  return {
    id: 'deck-1',
    title: 'Quarterly review',
    slides: Array.from({ length: slideCount }, (_, index) => ({
      title: `Slide ${index + 1}`,
      bullets: [`Point ${index + 1}`],
    })),
    ...overrides,
  };
}

interface RequestOptions {
  method?: string;
  user?: string | null;
  body?: unknown;
  /** Sent as is instead of JSON-encoding `body`. */
  rawBody?: BodyInit;
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** A request to `BASE + path`, JSON by default, as `user`. */
export function apiRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.user) headers.set(USER_HEADER, options.user);
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  if (hasBody && options.contentType !== null) headers.set('content-type', options.contentType ?? 'application/json');
  return new Request(`${BASE}${path}`, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    duplex: 'half',
  } as RequestInit);
}
