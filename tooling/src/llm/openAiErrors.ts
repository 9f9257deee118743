import type { ServerResponse } from 'node:http';

/** OpenAI's error envelope: `{ error: { message, type, param, code } }`. */
export function sendOpenAiError(
  response: ServerResponse,
  status: number,
  type: string,
  code: string | null,
  message: string,
  headers: Record<string, string> = {},
  param: string | null = null,
): void {
  sendJson(response, status, { error: { message, type, param, code } }, headers);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_${Math.random().toString(36).slice(2, 14)}`,
    ...headers,
  });
  response.end(text);
}
