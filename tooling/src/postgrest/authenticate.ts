import type { IncomingHttpHeaders } from 'node:http';
import { JwtError, verifyJwt, type JwtClaims } from './jwt.ts';
import { PostgrestError } from './postgrestError.ts';

export interface AuthConfig {
  jwtSecret: string;
  /** Opaque keys (`sb_publishable_…`, `sb_secret_…`) and the role each stands for. */
  opaqueKeys: Record<string, string>;
  /** Roles a token may switch to. The stand-in connects as a superuser, so this is the only fence. */
  roles: readonly string[];
  anonRole: string;
}

export interface RequestIdentity {
  role: string;
  claims: JwtClaims;
}

/**
 * What Supabase does in front of the database, in two steps. The gateway: an `apikey` header with
 * a known key is required. Then PostgREST: the `Authorization: Bearer` JWT (or, without one, the
 * API key itself) decides the role and the claims; no `role` claim means the anon role. As on
 * Supabase, an opaque key used as the bearer token stands for its role.
 */
export function authenticate(headers: IncomingHttpHeaders, config: AuthConfig): RequestIdentity {
  const apiKey = single(headers.apikey);
  if (!apiKey) throw gatewayError('No API key found in request', 'No `apikey` request header or url param was found.');
  const keyClaims = claimsOfApiKey(apiKey, config);
  if (!keyClaims) throw gatewayError('Invalid API key', 'Double check your Supabase `anon` or `service_role` API key.');

  const bearer = /^Bearer\s+(.+)$/i.exec(single(headers.authorization) ?? '')?.[1]?.trim();
  const claims = bearer ? claimsOfBearer(bearer, config) : keyClaims;
  const role = typeof claims.role === 'string' ? claims.role : config.anonRole;
  if (!config.roles.includes(role)) {
    throw new PostgrestError(401, 'PGRST301', `The role "${role}" in the JWT is not one this server switches to`);
  }
  return { role, claims };
}

function claimsOfApiKey(key: string, config: AuthConfig): JwtClaims | null {
  const opaqueRole = config.opaqueKeys[key];
  if (opaqueRole) return { role: opaqueRole };
  try {
    return verifyJwt(key, config.jwtSecret);
  } catch {
    return null;
  }
}

function claimsOfBearer(token: string, config: AuthConfig): JwtClaims {
  const opaqueRole = config.opaqueKeys[token];
  if (opaqueRole) return { role: opaqueRole };
  try {
    return verifyJwt(token, config.jwtSecret);
  } catch (error) {
    const expired = error instanceof JwtError && error.reason === 'expired';
    const message = error instanceof Error ? error.message : 'JWT could not be decoded';
    throw new PostgrestError(401, expired ? 'PGRST303' : 'PGRST301', message, null, null, {
      'www-authenticate': `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    });
  }
}

// The gateway's own refusals carry only a message and a hint, as Kong's do.
function gatewayError(message: string, hint: string): PostgrestError {
  return new PostgrestError(401, '', message, null, hint);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
