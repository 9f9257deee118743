import { JobStoreError } from '../jobStore.ts';
import { jobStoreRefusal } from './jobStoreRefusal.ts';

// The one classification of what the database (or PostgREST in front of it) answered, for both
// adapters. `unavailable`: the database is away or busy, not wrong — worth a 503 and a later try.
// `rejected`: the statement can never succeed as written — no retry can fix it.

// Transient SQLSTATEs. Class 08 ("connection exception") counts as a whole.
const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown (restart, failover)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
  '57014', // query_canceled (statement timeout)
  '40001', // serialization_failure (a start kept racing others)
  '40P01', // deadlock_detected
]);

// PostgREST's own codes for "cannot reach or use the database right now".
const TRANSIENT_POSTGREST_CODES = new Set([
  'PGRST000', // could not connect to the database
  'PGRST001', // the database connection failed (internal connection error)
  'PGRST002', // could not build the schema cache (connecting to the database)
  'PGRST003', // timed out acquiring a connection from the pool
]);

// Socket errors from Node, and postgres.js's own connection errors.
const TRANSIENT_CONNECTION_CODES = new Set([
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

// SQLSTATE classes that say the statement can never succeed as written: data exceptions (22:
// 22P05 NUL, 22P02 bad input, 22023 bad parameter, 22001 too long…), integrity constraints (23),
// bad SQL or a schema the code does not match (42: a missing migration, a changed function, a
// missing privilege), and a host trigger's own RAISE (P0). Retrying them would loop forever.
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '42', 'P0']);

/** Which kind of store failure a database or PostgREST `code` is; `null` when it is neither (a bug to surface as it is). */
export function storeFailureKind(code: string): 'unavailable' | 'rejected' | null {
  if (
    code.startsWith('08') ||
    TRANSIENT_SQLSTATES.has(code) ||
    TRANSIENT_POSTGREST_CODES.has(code) ||
    TRANSIENT_CONNECTION_CODES.has(code)
  ) {
    return 'unavailable';
  }
  if (/^[0-9A-Z]{5}$/.test(code) && PERMANENT_SQLSTATE_CLASSES.has(code.slice(0, 2))) return 'rejected';
  return null;
}

export type StoreFailureKind = NonNullable<ReturnType<typeof storeFailureKind>>;

/** How an adapter words a classified failure: postgres.js says the code; supabase-js adds the call and the HTTP status. */
export type DescribeStoreFailure = (kind: StoreFailureKind, code: string, message: string) => string;

/**
 * Turns what the driver threw into the `JobStoreError` the route handlers and the worker
 * understand — a migration refusal (`TT…`), `unavailable` or `rejected` (with its `sqlState`) —
 * or returns the error unchanged when it is none of those. Takes postgres.js errors (`detail`)
 * and PostgREST error bodies (`details`) alike: the supabase-js adapter classifies through it too.
 */
export function jobStoreErrorFrom(error: unknown, describe: DescribeStoreFailure = describeFailure): unknown {
  if (!error || typeof error !== 'object') return error;
  const { code, message, detail, details } = error as {
    code?: unknown;
    message?: string;
    detail?: string;
    details?: string | null;
  };
  if (typeof code !== 'string') return error;
  const refusal = jobStoreRefusal(code, message, detail ?? details);
  if (refusal) return refusal;
  const kind = storeFailureKind(code);
  if (!kind) return error;
  const failure = new JobStoreError(
    kind,
    describe(kind, code, message ?? ''),
    undefined,
    undefined,
    kind === 'rejected' ? code : undefined,
  );
  failure.cause = error;
  return failure;
}

/** The words for each kind, shared by both adapters' messages. */
export const STORE_FAILURE_VERDICTS: Record<StoreFailureKind, string> = {
  unavailable: 'The job database is unavailable',
  rejected: 'The job database refused the statement for good',
};

function describeFailure(kind: StoreFailureKind, code: string, message: string): string {
  return `${STORE_FAILURE_VERDICTS[kind]} (${code}): ${message}`.trim();
}
