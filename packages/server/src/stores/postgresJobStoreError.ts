import { JobStoreError } from '../jobStore.ts';
import { jobStoreRefusal } from './jobStoreRefusal.ts';

// The database is away or busy, not wrong: worth a 503 and a retry. SQLSTATE class 08 is
// "connection exception" as a whole.
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (restart, failover)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
  '57014', // query_canceled (statement timeout)
  '40001', // serialization_failure (a start kept racing others)
  '40P01', // deadlock_detected
]);

// Socket errors from Node, postgres.js's own connection errors, and PostgREST's "cannot reach
// the database" codes (so the supabase-js adapter can map its errors here too).
const UNAVAILABLE_CONNECTION_CODES = new Set([
  'PGRST000',
  'PGRST001',
  'PGRST002',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * Turns what the driver threw into the `JobStoreError` the route handlers understand, or
 * returns the error unchanged when it is a bug to surface (bad SQL, a violated constraint).
 * Takes postgres.js errors (`detail`) and PostgREST error bodies (`details`) alike.
 */
export function jobStoreErrorFrom(error: unknown): unknown {
  if (!error || typeof error !== 'object') return error;
  const { code, message, detail, details } = error as { code?: unknown; message?: string; detail?: string; details?: string | null };
  if (typeof code !== 'string') return error;
  const refusal = jobStoreRefusal(code, message, detail ?? details);
  if (refusal) return refusal;
  if (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_CONNECTION_CODES.has(code)) {
    const failure = new JobStoreError('unavailable', `The job database is unavailable (${code}): ${message ?? ''}`.trim());
    failure.cause = error;
    return failure;
  }
  return error;
}
