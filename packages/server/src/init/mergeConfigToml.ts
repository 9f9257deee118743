import type { MergeResult } from './mergeResult.ts';

/** The host's Supabase CLI settings, relative to the app's root. */
export const CONFIG_TOML_PATH = 'supabase/config.toml';

const HEADER =
  /^[ \t]*\[[ \t]*functions[ \t]*\.[ \t]*(?:generate-talk-track|"generate-talk-track"|'generate-talk-track')[ \t]*\][ \t]*(?:#.*)?$/m;
const ANY_HEADER = /^[ \t]*\[/m;
const VERIFY_JWT = /^[ \t]*verify_jwt[ \t]*=[ \t]*(true|false)\b/m;

/** The block init adds; a slug missing from config.toml deploys with `verify_jwt = true`. */
export const FUNCTION_BLOCK = `[functions.generate-talk-track]
# Off on purpose: the function checks every caller's key itself, and the gateway's JWT check would
# refuse the new sb_secret_ keys (they are not JWTs).
verify_jwt = false
`;

const VERIFY_JWT_TRUE = `${CONFIG_TOML_PATH} sets verify_jwt = true for [functions.generate-talk-track], so the gateway refuses the secret key the route handler sends and no job ever starts. Change it to verify_jwt = false: the function checks every caller's key itself. init left the file as it is.`;

/**
 * Adds `[functions.generate-talk-track] verify_jwt = false` to the host's config.toml: creates
 * the file, appends the block, or adds the one line to a block without it. Every other line stays
 * as the host wrote it; a `verify_jwt = true` is reported, never flipped behind the host's back.
 */
export function mergeConfigToml(existing: string | undefined): MergeResult {
  if (existing === undefined) return { kind: 'create', content: FUNCTION_BLOCK };

  const header = HEADER.exec(existing);
  if (!header) {
    const separator = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
    return { kind: 'update', content: `${existing}${separator}${FUNCTION_BLOCK}` };
  }
  const bodyStart = header.index + header[0].length;
  const rest = existing.slice(bodyStart);
  const nextHeader = ANY_HEADER.exec(rest);
  const body = nextHeader ? rest.slice(0, nextHeader.index) : rest;
  const verifyJwt = VERIFY_JWT.exec(body);
  if (verifyJwt?.[1] === 'false') return { kind: 'keep' };
  if (verifyJwt?.[1] === 'true') return { kind: 'attention', message: VERIFY_JWT_TRUE };
  return { kind: 'update', content: `${existing.slice(0, bodyStart)}\nverify_jwt = false${rest}` };
}
