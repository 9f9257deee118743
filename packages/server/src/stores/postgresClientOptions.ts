import type postgres from 'postgres';

/** Longest wait before postgres.js reconnects after failed connects, in seconds. */
const MAX_RECONNECT_DELAY_SECONDS = 1;

/**
 * postgres.js options for the pool behind `createPostgresJobStore`; spread them in and add your own
 * (`postgres(url, { ...POSTGRES_CLIENT_OPTIONS, max: 4 })`).
 *
 * - `prepare: false`: Supabase's pooler (Supavisor, transaction mode, port 6543) cannot keep
 *   prepared statements across transactions. Harmless on a direct connection.
 * - `backoff`: after each failed connect postgres.js waits 0.5–1 × min(3^failures / 100, 20) s
 *   before the next, and queues queries meanwhile. A few seconds of database restart grew that to
 *   ~8 s per query: a status read hung past a serverless time limit instead of answering 503, the
 *   worker's saves hung instead of failing, and the first query after the database was back waited
 *   out the rest. Capped at 1 s, a query during an outage fails at once (a 503 the caller retries)
 *   and the pool is back within a second of the database.
 * - `connect_timeout: 5`: a connect that hangs (packets dropped) fails within a request's budget
 *   instead of postgres.js' 30 s.
 */
export const POSTGRES_CLIENT_OPTIONS = {
  prepare: false,
  connect_timeout: 5,
  backoff: (failures: number) => Math.min(0.05 * 2 ** failures, MAX_RECONNECT_DELAY_SECONDS),
} as const satisfies postgres.Options<Record<string, postgres.PostgresType>>;
