import type { ApiErrorBody, ApiErrorCode } from '@talk-track/core';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

/** A JSON answer. Job state changes every few seconds, so nothing here may be cached. */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Response {
  const merged = new Headers(JSON_HEADERS);
  new Headers(headers).forEach((value, name) => merged.set(name, value));
  return new Response(JSON.stringify(body), { status, headers: merged });
}

export interface ApiErrorExtras {
  field?: string;
  jobId?: string;
  headers?: Record<string, string>;
}

/** The one place an error answer is built, so every refusal has the same `{ code, message, field?, jobId? }` shape. */
export function apiError(status: number, code: ApiErrorCode, message: string, extras: ApiErrorExtras = {}): Response {
  const body: ApiErrorBody = { code, message };
  if (extras.field !== undefined) body.field = extras.field;
  if (extras.jobId !== undefined) body.jobId = extras.jobId;
  return jsonResponse(status, body, extras.headers);
}
