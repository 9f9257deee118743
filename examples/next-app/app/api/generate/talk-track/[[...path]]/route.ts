// Every talk track endpoint in one route file: create (POST), status (GET …/:id), cancel and retry
// (POST …/:id/cancel, …/:id/retry). Written by `npx talk-track init`.
import postgres from 'postgres';
import {
  POSTGRES_CLIENT_OPTIONS,
  createPostgresJobStore,
  createTalkTrackHandler,
  edgeFunctionInvokerFromEnv,
  type TalkTrackHandler,
} from '@talk-track/server';
import { getUserId } from './getUserId';

let handler: TalkTrackHandler | undefined;

/**
 * Built on the first request, not at import: `next build` loads this file without the runtime
 * environment. DATABASE_URL is your Supabase database (the pooler's transaction mode works);
 * SUPABASE_URL and SUPABASE_SECRET_KEY (or SUPABASE_SERVICE_ROLE_KEY) reach the edge function.
 */
function talkTrackHandler(): TalkTrackHandler {
  if (handler) return handler;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set: point it at the database the talk_track_jobs migration was applied to.');
  handler = createTalkTrackHandler({
    // Fails fast while the database is away (a 503 the browser retries) instead of hanging past the route's time limit.
    store: createPostgresJobStore(postgres(databaseUrl, { ...POSTGRES_CLIENT_OPTIONS })),
    worker: edgeFunctionInvokerFromEnv(process.env),
    getUserId,
  });
  return handler;
}

export const GET = (request: Request) => talkTrackHandler().handle(request);
export const POST = (request: Request) => talkTrackHandler().handle(request);
