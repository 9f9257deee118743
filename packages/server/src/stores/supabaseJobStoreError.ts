import { JobStoreError } from '../jobStore.ts';
import { jobStoreRefusal } from './jobStoreRefusal.ts';

/** The error half of a supabase-js answer (`PostgrestError`): PostgREST's `{ code, message, details, hint }`. */
export interface PostgrestErrorLike {
  code?: string;
  message?: string;
  details?: string | null;
  hint?: string | null;
}

// PostgREST's own codes for "cannot reach or use the database right now".
const UNAVAILABLE_PGRST = new Set(['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003']);
// Postgres' transient SQLSTATEs, as in the postgres.js adapter.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '40001', '40P01']);

/**
 * Maps a failed supabase-js call to what the route handlers understand: the migration's TT409/TT422
 * refusals (PostgREST passes code and DETAIL through), `unavailable` for a network failure (status
 * 0), a 5xx gateway answer or a transient database state; anything else is a bug or a
 * misconfiguration and surfaces as a plain Error naming the call.
 */
export function supabaseJobStoreError(operation: string, error: PostgrestErrorLike, status: number): Error {
  const code = error.code ?? '';
  const message = error.message ?? '';
  const refusal = jobStoreRefusal(code, message, error.details);
  if (refusal) return refusal;
  if (status === 0 || status >= 500 || UNAVAILABLE_PGRST.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) {
    const failure = new JobStoreError('unavailable', `The job database is unavailable (${operation}: ${status} ${code} ${message})`.replace(/\s+/g, ' '));
    failure.cause = error;
    return failure;
  }
  const hint =
    code === 'PGRST202' || code === 'PGRST205' || code === '42P01'
      ? ' Is the talk track migration applied to this project?'
      : status === 401 || status === 403
        ? ' The job store needs a client created with the service role or secret key (server-side only).'
        : '';
  const failure = new Error(`${operation} failed: HTTP ${status} ${code} ${message}.${hint}`.replace(/\s+/g, ' '));
  failure.cause = error;
  return failure;
}
