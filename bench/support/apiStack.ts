import { randomUUID } from 'node:crypto';
import {
  createPostgresJobStore,
  createTalkTrackHandler,
  type JobStore,
  type TalkTrackHandler,
  type TalkTrackHandlerOptions,
} from '@talk-track/server';
import { startBenchDatabase, type BenchDatabase } from './benchDatabase.ts';

const ORIGIN = 'http://127.0.0.1:3000';

export interface ApiStack {
  db: BenchDatabase;
  store: JobStore;
  handler: TalkTrackHandler;
  userId: string;
  /** A `fetch` for the client's HTTP transport that hands each request to the route handler in-process, as the signed-in user. */
  fetch: typeof fetch;
  /** Status reads (`GET …/:id`) started so far, per job id. */
  reads(jobId: string): number;
  /** Resolves once `count` status reads of the job have started in all. */
  untilReads(jobId: string, count: number): Promise<void>;
  /** Waits for the requests in flight (stop the client first), then closes the database. */
  close(): Promise<void>;
}

/**
 * The server side a browser client talks to: the route handler over the postgres.js store on an
 * embedded Postgres with the migration. The worker is not invoked: the benchmark moves jobs along
 * through the store itself, at the moments it measures from.
 */
export async function startApiStack(options: Partial<TalkTrackHandlerOptions> = {}): Promise<ApiStack> {
  const db = await startBenchDatabase();
  const store = createPostgresJobStore(db.sql);
  const userId = randomUUID();
  const handler = createTalkTrackHandler({
    store,
    getUserId: () => userId,
    worker: { invoke: async () => {} },
    ...options,
  });
  const readCounts = new Map<string, number>();
  const waiters = new Set<{ jobId: string; count: number; resolve: () => void }>();
  const inFlight = new Set<Promise<Response>>();

  const fetchThroughHandler = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(input instanceof Request ? input.url : String(input), ORIGIN), init);
    const jobId = request.method === 'GET' ? new URL(request.url).pathname.split('/').pop()! : null;
    if (jobId) {
      const count = (readCounts.get(jobId) ?? 0) + 1;
      readCounts.set(jobId, count);
      for (const waiter of waiters) {
        if (waiter.jobId === jobId && count >= waiter.count) {
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
    }
    const answer = handler.handle(request);
    inFlight.add(answer);
    void answer.finally(() => inFlight.delete(answer));
    return answer;
  }) as typeof fetch;

  return {
    db,
    store,
    handler,
    userId,
    fetch: fetchThroughHandler,
    reads: (jobId) => readCounts.get(jobId) ?? 0,
    untilReads: (jobId, count) =>
      (readCounts.get(jobId) ?? 0) >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.add({ jobId, count, resolve })),
    async close() {
      // A read the client sent just before it stopped still gets its answer, not a closed pool.
      await Promise.allSettled([...inFlight]);
      await db.close();
    },
  };
}
