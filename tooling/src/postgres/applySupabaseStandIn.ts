import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const SUPABASE_STAND_IN_PATH = fileURLToPath(new URL('./supabaseStandIn.sql', import.meta.url));

/**
 * Which default privileges the project gives new objects in `public`: `legacy`, all of them to
 * anon, authenticated and service_role (projects before 2026-05-30); `current`, service_role only
 * (projects since). The migration must be right in both worlds.
 */
export type SupabaseGrants = 'legacy' | 'current';
export const SUPABASE_GRANT_MODES: readonly SupabaseGrants[] = ['legacy', 'current'];

const grantsPath = (grants: SupabaseGrants) =>
  fileURLToPath(new URL(`./supabaseGrants.${grants}.sql`, import.meta.url));

/**
 * Gives a plain Postgres database what Supabase provides (API roles, `auth.uid()`, default
 * privileges) so the real migration and its RLS run unchanged. Test and dev setup only; never on a
 * Supabase project.
 */
export async function applySupabaseStandIn(url: string, grants: SupabaseGrants = 'legacy'): Promise<void> {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await sql.unsafe(await readFile(SUPABASE_STAND_IN_PATH, 'utf8'));
    await sql.unsafe(await readFile(grantsPath(grants), 'utf8'));
  } finally {
    await sql.end();
  }
}
