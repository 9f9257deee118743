import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import {
  applyMigrations,
  applySupabaseStandIn,
  startPostgres,
  withDatabase,
} from '../../tooling/src/postgres/index.ts';

export interface BenchDatabase {
  /** Superuser URL of the benchmark's own database. */
  url: string;
  /** A pool on it, `prepare: false` as the adapters use it behind Supabase's pooler. */
  sql: postgres.Sql;
  /** Opens every connection of the pool now, so no measurement pays for connecting (SCRAM authentication takes milliseconds each). */
  warmPool(): Promise<void>;
  /** Closes the pool, drops the database and stops the server if it was started here. */
  close(): Promise<void>;
}

export interface BenchDatabaseOptions {
  /** Connections in `sql`'s pool. Default 10 (postgres.js' own default). */
  poolSize?: number;
}

/**
 * A fresh database with the Supabase stand-in and the real migration, on an embedded Postgres
 * (or `DATABASE_URL`'s server): the same setup `npm run dev` and the tests use.
 */
export async function startBenchDatabase(options: BenchDatabaseOptions = {}): Promise<BenchDatabase> {
  const server = await startPostgres();
  const name = `talk_track_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(server.url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
    const url = withDatabase(server.url, name);
    await applySupabaseStandIn(url);
    await applyMigrations(url);
    const poolSize = options.poolSize ?? 10;
    const sql = postgres(url, { prepare: false, max: poolSize, onnotice: () => {} });
    // Benchmark clients start far more jobs per user than a person may, and run (or park, as
    // createLatency's 200 jobs a block do) more LLM calls at once than the default 30: the limits
    // are still checked on every start and call (their cost is measured), they just never refuse
    // or make a job wait. scaleJobs, which measures the calls limit, sets its own.
    await sql`update public.talk_track_settings set max_active_jobs_per_user = 1000000, max_starts_per_window = 1000000, max_llm_calls_in_flight = 1000000`;
    return {
      url,
      sql,
      async warmPool() {
        // Queries that overlap each take a connection of their own.
        await Promise.all(Array.from({ length: poolSize }, () => sql`select pg_sleep(0.05)`));
      },
      async close() {
        await sql.end({ timeout: 5 });
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
        await server.stop();
      },
    };
  } catch (error) {
    await admin.end();
    await server.stop();
    throw error;
  }
}
