import { randomUUID } from 'node:crypto';
import { type JobStore, createPostgresJobStore } from '@talk-track/server';
import { readJob, withPlan } from '@talk-track/testing/server';
import type { JobRecord } from '@talk-track/testing/internals';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import { type LlmServer, type LlmServerOptions, startLlmServer } from '../../tooling/src/llm/startLlmServer.ts';
import { type TestDatabase, createTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { type WorkerProcess, startWorker } from '../../tooling/src/worker/startWorker.ts';

/** How often tests read the job row while a worker runs: often enough to see every chunk land. */
const POLL_MS = 20;

export interface WorkerStackOptions {
  llm?: LlmServerOptions;
  /** TALK_TRACK_* knobs for the function; fast retries by default so failure tests stay short. */
  workerEnv?: Record<string, string>;
  /** A database to use instead of a fresh clone of the test template (e.g. on a server the test restarts); `close()` drops it either way. */
  database?: TestDatabase;
}

/**
 * The real pieces a worker test needs: a fresh Postgres database with the migration, the local
 * OpenAI-compatible server, and the edge function under Deno, started on demand (tests kill and
 * restart it).
 */
export interface WorkerStack {
  db: TestDatabase;
  store: JobStore;
  llm: LlmServer;
  key: string;
  /** The owner of the jobs `createJob` makes. */
  userId: string;
  workers: WorkerProcess[];
  /** A fresh edge function process; on `port` when given (a restart: the same URL, a new isolate). */
  startDeno(options?: { port?: number }): Promise<WorkerProcess>;
  createJob(slideCount: number, chunkSize?: number): Promise<JobRecord>;
  invoke(worker: WorkerProcess, jobId: string, headers?: Record<string, string>): Promise<Response>;
  /** Polls the job row until `done(job)`, recording each distinct row seen. */
  waitForJob(
    jobId: string,
    done: (job: JobRecord) => boolean,
    timeoutMs?: number,
  ): Promise<{ job: JobRecord; seen: JobRecord[] }>;
  close(): Promise<void>;
}

export async function startWorkerStack(options: WorkerStackOptions = {}): Promise<WorkerStack> {
  const db = options.database ?? (await createTestDatabase());
  const store = createPostgresJobStore(db.sql);
  const llm = await startLlmServer(options.llm);
  const key = `sb_secret_${randomUUID().replaceAll('-', '')}`;
  const workers: WorkerProcess[] = [];
  const env = {
    SUPABASE_DB_URL: db.url,
    OPENAI_API_KEY: 'sk-local-test',
    OPENAI_BASE_URL: llm.url,
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: key }),
    TALK_TRACK_RETRY_BASE_DELAY_MS: '10',
    TALK_TRACK_RETRY_MAX_DELAY_MS: '50',
    TALK_TRACK_LLM_TIMEOUT_MS: '5000',
    ...options.workerEnv,
  };
  const userId = randomUUID();

  return {
    db,
    store,
    llm,
    key,
    userId,
    workers,
    async startDeno({ port } = {}) {
      const worker = await startWorker({ env, port });
      workers.push(worker);
      return worker;
    },
    createJob: (slideCount, chunkSize = 5) =>
      store
        .createJob({ userId, ...withPlan(sampleDeck(slideCount, { id: `deck-${randomUUID()}` }), chunkSize) })
        .then((created) => created.job),
    invoke: (worker, jobId, headers = { apikey: key }) =>
      fetch(worker.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ jobId }),
      }),
    async waitForJob(jobId, done, timeoutMs = 20_000) {
      const seen: JobRecord[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await readJob(db.sql, jobId);
        if (seen.at(-1)?.updatedAt !== job.updatedAt) seen.push(job);
        if (done(job)) return { job, seen };
        if (Date.now() > deadline) {
          throw new Error(
            `job ${jobId} still ${job.status} at ${job.progress}% after ${timeoutMs} ms. Worker output:\n${workers
              .flatMap((w) => w.output())
              .slice(-40)
              .join('\n')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    async close() {
      for (const worker of workers) {
        worker.kill('SIGKILL');
        await worker.exited;
      }
      await llm.close();
      await db.drop();
    },
  };
}
