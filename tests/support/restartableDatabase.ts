import postgres from 'postgres';
import { POSTGRES_CLIENT_OPTIONS } from '@talk-track/server';
import {
  applyMigrations,
  applySupabaseStandIn,
  startPostgres,
  withDatabase,
} from '../../tooling/src/postgres/index.ts';
import type { TestDatabase } from '../../tooling/src/testing/testDatabase.ts';

export interface RestartableDatabase extends TestDatabase {
  /** Stops the server (every connection ends with `57P01 admin_shutdown`), keeping the data. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
}

/**
 * A database on a Postgres server of its own, set up like the test template (Supabase stand-in +
 * migrations), that a test may stop and start under running clients. The shared test server is
 * never restarted: other test files use it. `drop()` removes the whole server.
 */
export async function startRestartableDatabase(): Promise<RestartableDatabase> {
  const server = await startPostgres({ restartable: true });
  try {
    const url = withDatabase(server.url, 'talk_track_restart');
    const admin = postgres(server.url, { max: 1, prepare: false, onnotice: () => {} });
    await admin.unsafe('create database talk_track_restart').finally(() => admin.end());
    await applySupabaseStandIn(url);
    await applyMigrations(url);
    // The pool a host is told to use: it fails fast while the server is away and is back within a second of it.
    const sql = postgres(url, { ...POSTGRES_CLIENT_OPTIONS, onnotice: () => {} });
    return {
      url,
      sql,
      stopServer: () => server.stopServer(),
      startServer: () => server.startServer(),
      async drop() {
        await sql.end({ timeout: 1 });
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
