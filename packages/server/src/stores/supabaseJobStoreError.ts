import { JobStoreError } from '../jobStore.ts';
import { jobStoreErrorFrom, STORE_FAILURE_VERDICTS, type StoreFailureKind } from './jobStoreErrorFrom.ts';

/** The error half of a supabase-js answer (`PostgrestError`): PostgREST's `{ code, message, details, hint }`. */
export interface PostgrestErrorLike {
  code?: string;
  message?: string;
  details?: string | null;
  hint?: string | null;
}

/**
 * Maps a failed supabase-js call to what the route handlers and the worker understand, classified
 * as the postgres.js adapter classifies (`jobStoreErrorFrom`): the migration's refusals (PostgREST
 * passes code and DETAIL through), `unavailable` for a transient database state and also for a
 * network failure (status 0) or a 5xx gateway answer, `rejected` for a statement the database
 * refused for good; anything else is a bug or a misconfiguration and surfaces as a plain Error
 * naming the call.
 */
export function supabaseJobStoreError(operation: string, error: PostgrestErrorLike, status: number): Error {
  const code = error.code ?? '';
  const message = error.message ?? '';
  const hint =
    code === 'PGRST202' || code === 'PGRST205' || code === '42P01'
      ? ' Is the talk track migration applied to this project?'
      : status === 401 || status === 403
        ? ' The job store needs a client created with the service role or secret key (server-side only).'
        : '';
  const describe = (kind: StoreFailureKind) =>
    `${STORE_FAILURE_VERDICTS[kind]} (${operation}: ${status} ${code} ${message})${kind === 'rejected' && hint ? `.${hint}` : ''}`.replace(
      /\s+/g,
      ' ',
    );
  const classified = jobStoreErrorFrom(error, describe);
  if (classified instanceof JobStoreError) return classified;
  if (status === 0 || status >= 500) {
    const failure = new JobStoreError('unavailable', describe('unavailable'));
    failure.cause = error;
    return failure;
  }
  const failure = new Error(`${operation} failed: HTTP ${status} ${code} ${message}.${hint}`.replace(/\s+/g, ' '));
  failure.cause = error;
  return failure;
}
