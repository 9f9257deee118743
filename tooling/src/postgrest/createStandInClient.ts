import { createClient, type SupabaseClient } from '@supabase/supabase-js';

/**
 * supabase-js 2.10x builds its Realtime client eagerly and, on Node 20 (no global WebSocket),
 * throws unless given a transport. Nothing here uses Realtime, so the transport refuses to
 * connect instead of pulling in `ws`; a test that touched Realtime would fail loudly.
 */
class RealtimeNotAvailable {
  constructor() {
    throw new Error('Realtime is not part of the PostgREST stand-in.');
  }
}

/**
 * A real supabase-js client for the stand-in at `url`: `apiKey` is the project key (anon,
 * service_role or an opaque one); `accessToken`, when given, is the signed-in user's JWT.
 */
export function createStandInClient(url: string, apiKey: string, accessToken?: string): SupabaseClient {
  return createClient(url, apiKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: RealtimeNotAvailable as unknown as typeof WebSocket },
    ...(accessToken ? { accessToken: async () => accessToken } : {}),
  });
}
