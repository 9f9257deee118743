import { signJwt } from './jwt.ts';

/** A JWT secret long enough for HS256 and obviously not a real one. */
export const TEST_JWT_SECRET = 'talk-track-local-jwt-secret-not-for-production-0123456789';

const ONE_HOUR_SECONDS = 3600;

/** The legacy Supabase keys (anon and service_role JWTs) for a stand-in signed with `secret`, and user access tokens. */
export function supabaseKeys(secret: string = TEST_JWT_SECRET) {
  return {
    anonKey: signJwt({ role: 'anon', iss: 'supabase' }, secret),
    serviceRoleKey: signJwt({ role: 'service_role', iss: 'supabase' }, secret),
    /** An access token as Supabase Auth issues it for a signed-in user. */
    accessTokenFor(userId: string, expiresInSeconds: number = ONE_HOUR_SECONDS): string {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(
        { sub: userId, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + expiresInSeconds },
        secret,
      );
    },
  };
}
