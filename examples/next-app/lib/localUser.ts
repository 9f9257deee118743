/**
 * The example's stand-in for Supabase Auth: a random user id kept in a cookie. A real host answers
 * the same question ("who is calling?") from its session, e.g. `supabase.auth.getUser()`.
 *
 * Anyone can write any uuid into this cookie and act as that user: it is for a local demo only.
 * Under `NODE_ENV=production` (what `next build` + `next start` and every deployment run) it refuses
 * to run unless `TALK_TRACK_EXAMPLE_ALLOW_INSECURE_IDENTITY=1` says this is still a demo.
 */
export const LOCAL_USER_COOKIE = 'talk_track_demo_user';
export const ALLOW_INSECURE_IDENTITY_VAR = 'TALK_TRACK_EXAMPLE_ALLOW_INSECURE_IDENTITY';
/** A year: the demo user keeps their jobs across visits. */
const COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 365;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

type Env = Record<string, string | undefined>;

/** Throws under `NODE_ENV=production` unless the allow variable is `1`: copied into a real app, this identity lets anyone act as anyone. */
export function assertLocalIdentityAllowed(env: Env = process.env): void {
  if (env.NODE_ENV !== 'production' || env[ALLOW_INSECURE_IDENTITY_VAR] === '1') return;
  throw new Error(
    `The example's identity (lib/localUser.ts) trusts an unsigned cookie, so anyone can act as anyone: it refuses to run with NODE_ENV=production. ` +
      `Replace getUserId with your real auth (e.g. Supabase Auth) before deploying, or set ${ALLOW_INSECURE_IDENTITY_VAR}=1 to run the demo in production mode anyway (local tests only).`,
  );
}

export function userIdFromCookieHeader(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LOCAL_USER_COOKIE) {
      const value = decodeURIComponent(rest.join('='));
      return UUID.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * The cookie's attributes for a request to `url`: never readable by scripts (HttpOnly), not sent on
 * cross-site requests other than top-level navigations (SameSite=Lax, so API calls from another site
 * carry no identity), and Secure everywhere except plain http on the loopback host. There the demo
 * runs without TLS, nothing crosses a network, and Safari drops Secure cookies set over http even on
 * localhost (Chromium accepts them there: checked on 127.0.0.1 and localhost), which would leave the
 * demo without a user.
 */
export function localUserCookieOptions(url: URL) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)),
    path: '/',
    maxAge: COOKIE_MAX_AGE_SECONDS,
  };
}
