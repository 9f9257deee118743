import postgres from 'postgres';
import {
  POSTGRES_CLIENT_OPTIONS,
  createPostgresJobStore,
  createTalkTrackHandler,
  edgeFunctionInvokerFromEnv,
  type TalkTrackHandler,
} from '@talk-track/server';
import { userIdFromCookieHeader } from './localUser';

let handler: TalkTrackHandler | undefined;

/**
 * Built on first request, not at import, so `next build` needs no database. `DATABASE_URL` is the
 * Supabase database URL (the pooler's transaction mode works: prepare is off); a host with only
 * a URL and a key uses `createSupabaseJobStore(supabaseClient)` instead.
 */
export function talkTrackHandler(): TalkTrackHandler {
  if (handler) return handler;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: point it at the database the talk_track_jobs migration was applied to.');
  handler = createTalkTrackHandler({
    // Fails fast while the database is away (a 503 the browser retries) instead of hanging past the route's time limit.
    store: createPostgresJobStore(postgres(databaseUrl, { ...POSTGRES_CLIENT_OPTIONS })),
    worker: edgeFunctionInvokerFromEnv(process.env),
    getUserId: (request) => userIdFromCookieHeader(request.headers.get('cookie')),
  });
  return handler;
}
