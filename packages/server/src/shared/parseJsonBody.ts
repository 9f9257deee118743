import { API_ERROR_CODES } from '@talk-track/core';
import { apiError } from './apiError.ts';

/** A deck of 200 slides at the schema's largest text sizes stays under this; anything bigger is not a deck. */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

export interface ParseJsonBodyOptions {
  /**
   * Read the body as JSON whatever its content type: for machine callers (the worker's invokers,
   * a host's cron) whose HTTP clients default to `text/plain`. Default `false`: anything but
   * `application/json` is a 415.
   */
  ignoreContentType?: boolean;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads a JSON request body without trusting its size: a declared `content-length` over the cap is
 * refused before reading, and an undeclared (streamed) body is read only until it passes the cap,
 * so a 5 MB upload costs at most `maxBytes` of memory.
 */
export async function parseJsonBody(
  request: Request,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
  options: ParseJsonBodyOptions = {},
): Promise<ParsedBody> {
  if (!options.ignoreContentType && !isJsonContentType(request.headers.get('content-type'))) {
    return fail(
      apiError(415, API_ERROR_CODES.unsupportedMediaType, 'Send the body as JSON with content-type: application/json.'),
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) return fail(tooLarge(maxBytes));

  const bytes = await readCapped(request, maxBytes);
  if (bytes === null) return fail(tooLarge(maxBytes));

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(apiError(400, API_ERROR_CODES.invalidJson, 'The body is not valid UTF-8.'));
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return fail(apiError(400, API_ERROR_CODES.invalidJson, 'The body is not valid JSON.'));
  }
}

function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const [mediaType, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  // JSON is UTF-8 by definition (RFC 8259); a body that claims another charset would be misread.
  return params.every((param) => !param.startsWith('charset=') || param.replace(/"/g, '') === 'charset=utf-8');
}

/** The body's bytes, or `null` as soon as they pass `maxBytes` (the rest is never read). */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): Response {
  return apiError(413, API_ERROR_CODES.payloadTooLarge, `The body is larger than ${maxBytes} bytes.`);
}

function fail(response: Response): ParsedBody {
  return { ok: false, response };
}
