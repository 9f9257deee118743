import type { EnvRecord } from './workerInvoker.ts';

/** The variables `workerKeysFromEnv` reads, as every message that asks for a worker key names them. */
export const WORKER_KEY_VARIABLES =
  'TALK_TRACK_WORKER_KEY, SUPABASE_SECRET_KEY, SUPABASE_SECRET_KEYS or SUPABASE_SERVICE_ROLE_KEY';

/**
 * The keys a worker call may carry, read the same way by the worker (which accepts any of them)
 * and the route handler (which presents the first): `TALK_TRACK_WORKER_KEY` (hosts other than
 * Supabase), `SUPABASE_SECRET_KEY` (an app's `sb_secret_…` key), `SUPABASE_SECRET_KEYS` (a JSON
 * object name → key, what Supabase gives every function) and `SUPABASE_SERVICE_ROLE_KEY` (the
 * legacy JWT key). The first key is also the one the worker uses to call itself.
 */
export function workerKeysFromEnv(env: EnvRecord): string[] {
  const keys: string[] = [];
  const add = (key: unknown) => {
    if (typeof key === 'string' && key.trim() && !keys.includes(key.trim())) keys.push(key.trim());
  };
  add(env.TALK_TRACK_WORKER_KEY);
  add(env.SUPABASE_SECRET_KEY);
  const secretKeys = env.SUPABASE_SECRET_KEYS?.trim();
  if (secretKeys) {
    try {
      const parsed: unknown = JSON.parse(secretKeys);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.values(parsed).forEach(add);
    } catch {
      // Not JSON: ignored rather than fatal, so a malformed optional secret cannot take the worker down.
    }
  }
  add(env.SUPABASE_SERVICE_ROLE_KEY);
  return keys;
}

/** The key a caller presented: `Authorization: Bearer <key>` or `apikey: <key>` (how `sb_secret_…` keys travel). */
export function presentedKeys(request: Request): string[] {
  const found: string[] = [];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
  if (bearer) found.push(bearer);
  const apiKey = request.headers.get('apikey')?.trim();
  if (apiKey) found.push(apiKey);
  return found;
}

/**
 * True when the request carries one of `acceptedKeys`. Keys are compared by equality only — a JWT
 * is never decoded — so a user's access token, however valid, is refused. The comparison runs over
 * SHA-256 digests in constant time, so neither the key's length nor its prefix leaks through timing.
 */
export async function authenticateWorkerCall(request: Request, acceptedKeys: readonly string[]): Promise<boolean> {
  const candidates = presentedKeys(request);
  if (candidates.length === 0 || acceptedKeys.length === 0) return false;
  const accepted = await Promise.all(acceptedKeys.map(sha256));
  let match = false;
  for (const candidate of candidates) {
    const digest = await sha256(candidate);
    // Every pair is compared, with no early exit, so the time does not depend on which key matched.
    for (const key of accepted) match = constantTimeEqual(digest, key) || match;
  }
  return match;
}

async function sha256(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
