// SQLSTATE classes that say the statement can never succeed as written: data exceptions (22:
// 22P05 NUL, 22P02 bad input, 22001 too long…), integrity constraints (23), bad SQL or a schema the
// code does not match (42: a missing migration, a changed function), and a host trigger's own
// RAISE (P0). Retrying them would loop forever.
const PERMANENT_CLASSES = new Set(['22', '23', '42', 'P0']);

/**
 * The SQLSTATE of a store error that no retry can fix, or `null` for anything else (connection
 * trouble, timeouts, serialization failures: worth a later try). Reads postgres.js errors (`code`)
 * and supabase-js ones (the PostgREST error as `cause`).
 */
export function permanentStoreError(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_CLASSES.has(code.slice(0, 2))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
