import { createHmac, timingSafeEqual } from 'node:crypto';

/** JWT claims as PostgREST reads them: `role` picks the database role, the rest reaches SQL as `request.jwt.claims`. */
export type JwtClaims = Record<string, unknown> & { role?: string; sub?: string; exp?: number };

// PostgREST tolerates this much clock skew on `exp` (v12+).
const CLOCK_SKEW_SECONDS = 30;

export class JwtError extends Error {
  constructor(
    readonly reason: 'invalid' | 'expired',
    message: string,
  ) {
    super(message);
    this.name = 'JwtError';
  }
}

/** Signs `claims` with HS256, the way Supabase's legacy anon/service_role keys and user access tokens are signed. */
export function signJwt(claims: JwtClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${hmac(`${header}.${payload}`, secret)}`;
}

/** The claims of an HS256 token signed with `secret` that has not expired; throws `JwtError` otherwise. */
export function verifyJwt(token: string, secret: string, nowSeconds: number = Date.now() / 1000): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('invalid', 'Expected 3 parts in JWT; got ' + parts.length);
  const [header, payload, signature] = parts as [string, string, string];

  // Only HS256: accepting the header's choice is how `alg: none` tokens get in.
  const alg = (parseJson(header) as { alg?: unknown } | null)?.alg;
  if (alg !== 'HS256') throw new JwtError('invalid', 'Wrong or unsupported encoding algorithm');
  const expected = Buffer.from(hmac(`${header}.${payload}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new JwtError('invalid', 'JWSError JWSInvalidSignature');

  const claims = parseJson(payload);
  if (!claims || typeof claims !== 'object' || Array.isArray(claims))
    throw new JwtError('invalid', 'The JWT payload is not a JSON object');
  const { exp } = claims as JwtClaims;
  if (exp !== undefined && (typeof exp !== 'number' || exp + CLOCK_SKEW_SECONDS <= nowSeconds))
    throw new JwtError('expired', 'JWT expired');
  return claims as JwtClaims;
}

function hmac(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
