/** An error answer in PostgREST's wire format: `{ code, message, details, hint }` plus its HTTP status. */
export class PostgrestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'PostgrestError';
  }

  toJSON(): { code: string; message: string; details: string | null; hint: string | null } {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}

interface PostgresJsError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
  severity?: unknown;
}

/**
 * Turns whatever a request threw into PostgREST's answer. Database errors keep their SQLSTATE,
 * message, detail and hint (that is how `raise ... using errcode = 'TT409', detail = ...` reaches
 * the client); a lost connection is PostgREST's 503 PGRST000.
 */
export function toPostgrestError(error: unknown, isAnonymous: boolean): PostgrestError {
  if (error instanceof PostgrestError) return error;
  const pg = (error ?? {}) as PostgresJsError;
  if (typeof pg.severity === 'string' && typeof pg.code === 'string') {
    return new PostgrestError(
      statusForSqlState(pg.code, isAnonymous),
      pg.code,
      String(pg.message ?? ''),
      typeof pg.detail === 'string' ? pg.detail : null,
      typeof pg.hint === 'string' ? pg.hint : null,
    );
  }
  return new PostgrestError(
    503,
    'PGRST000',
    'Could not connect with the database',
    error instanceof Error ? error.message : String(error),
  );
}

/** PostgREST's SQLSTATE → HTTP status table (docs.postgrest.org, "Errors"). Unlisted codes, custom ones included, are 400. */
export function statusForSqlState(code: string, isAnonymous: boolean): number {
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    P0001: 400,
    '42883': 404,
    '42P01': 404,
    '42P17': 500,
    // Permission denied: "who are you" for anon, "not allowed" for a signed-in role.
    '42501': isAnonymous ? 401 : 403,
  };
  if (exact[code] !== undefined) return exact[code];
  if (code.startsWith('PT')) return Number(code.slice(2)) || 500;
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}
