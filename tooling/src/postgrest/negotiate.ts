import type { IncomingHttpHeaders } from 'node:http';
import { PostgrestError } from './postgrestError.ts';

export type ResponseShape = 'array' | 'object';

const OBJECT_MEDIA_TYPE = 'application/vnd.pgrst.object+json';

/** `Accept: application/vnd.pgrst.object+json` (what `.single()` sends) asks for exactly one row as an object; JSON and anything-goes ask for an array. */
export function responseShape(headers: IncomingHttpHeaders): ResponseShape {
  const accept = headers.accept ?? '*/*';
  const mediaTypes = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  if (mediaTypes.includes(OBJECT_MEDIA_TYPE)) return 'object';
  if (
    mediaTypes.some((type) =>
      ['*/*', 'application/*', 'application/json', 'application/vnd.pgrst.array+json'].includes(type),
    )
  )
    return 'array';
  throw new PostgrestError(406, 'PGRST107', `None of these media types are available: ${accept}`);
}

export function contentType(shape: ResponseShape): string {
  return `${shape === 'object' ? OBJECT_MEDIA_TYPE : 'application/json'}; charset=utf-8`;
}

/** PostgREST's answer when an object was asked for and the result is not exactly one row. */
export function singularityError(rows: number): PostgrestError {
  return new PostgrestError(
    406,
    'PGRST116',
    'JSON object requested, multiple (or no) rows returned',
    `The result contains ${rows} rows`,
  );
}

/** The schema named by `Accept-Profile` (reads) or `Content-Profile` (writes), among the exposed ones. */
export function requestSchema(headers: IncomingHttpHeaders, isRead: boolean, schemas: readonly string[]): string {
  const header = isRead ? headers['accept-profile'] : headers['content-profile'];
  const schema = (Array.isArray(header) ? header[0] : header) ?? schemas[0]!;
  if (!schemas.includes(schema)) {
    throw new PostgrestError(
      406,
      'PGRST106',
      'Invalid schema: ' + schema,
      null,
      `Only the following schemas are exposed: ${schemas.join(', ')}`,
    );
  }
  return schema;
}

/** The `Prefer` preferences this stand-in honours: `count=exact` for reads. Others are ignored, as PostgREST does by default (`handling=lenient`). */
export function wantsExactCount(headers: IncomingHttpHeaders): boolean {
  return /(^|[\s,])count=exact($|[\s,])/.test(String(headers.prefer ?? ''));
}
