// The generate-talk-track edge function: a thin entry around @talk-track/server's worker handler.
// Everything it needs comes from the environment Supabase gives every function (SUPABASE_DB_URL,
// SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_SECRET_KEYS) plus the OPENAI_* secrets.
import postgres from 'postgres';
import {
  POSTGRES_CLIENT_OPTIONS,
  createPostgresJobStore,
  createWorkerHandler,
  readWorkerConfig,
  workerKeysFromEnv,
} from '@talk-track/server/worker';

// Chunk saves (up to TALK_TRACK_CHUNK_CONCURRENCY at once) plus the heartbeat; a small pool keeps
// many concurrent invocations inside the database's connection limit.
const DB_POOL_SIZE = 4;
// Releasing leases on the way out takes a couple of queries; an unreachable database must not keep
// a stopping process alive.
const SHUTDOWN_GRACE_MS = 3_000;

const env = Deno.env.toObject();
const databaseUrl = env.SUPABASE_DB_URL || env.DATABASE_URL;
if (!databaseUrl)
  throw new Error(
    'SUPABASE_DB_URL is not set: the worker needs a Postgres connection string (Supabase sets it for deployed functions).',
  );

// No prepared statements (Supabase's pooler), and reconnects within a second of the database
// coming back, so saves during a restart fail fast and are retried instead of hanging.
const sql = postgres(databaseUrl, { ...POSTGRES_CLIENT_OPTIONS, max: DB_POOL_SIZE, onnotice: () => {} });
const handler = createWorkerHandler({
  store: createPostgresJobStore(sql),
  config: readWorkerConfig(env),
  keys: workerKeysFromEnv(env),
});

// Supabase's runtime picks the port itself; local runs (tests, `npm run dev`) name one on loopback.
const localPort = env.TALK_TRACK_WORKER_PORT;
if (localPort) {
  Deno.serve(
    {
      hostname: '127.0.0.1',
      port: Number(localPort),
      onListen: ({ hostname, port }) => console.log(`generate-talk-track listening on http://${hostname}:${port}/`),
    },
    handler,
  );
} else {
  Deno.serve(handler);
}

// Supabase fires `beforeunload` before it retires a worker (wall clock, CPU or memory limit);
// locally, SIGTERM/SIGINT (a test's kill, Ctrl-C in `npm run dev`) mean the same. Either way the
// running jobs give their leases back, so the next invocation resumes them at once instead of
// after the lease expires.
addEventListener('beforeunload', () => {
  void handler.shutdown();
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  try {
    Deno.addSignalListener(signal, () => {
      const exit = () => Deno.exit(0);
      setTimeout(exit, SHUTDOWN_GRACE_MS);
      void handler
        .shutdown()
        .then(() => sql.end({ timeout: 1 }))
        .finally(exit);
    });
  } catch {
    // Runtimes without OS signals (Supabase's edge runtime) rely on beforeunload alone.
  }
}
