import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const SUPABASE_STAND_IN_PATH = fileURLToPath(new URL('./supabaseStandIn.sql', import.meta.url));

/**
 * Gives a plain Postgres database what Supabase provides (API roles, `auth.uid()` …) so the real
 * migration and its RLS run unchanged. Test and dev setup only; never on a Supabase project.
 */
export async function applySupabaseStandIn(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await sql.unsafe(await readFile(SUPABASE_STAND_IN_PATH, 'utf8'));
  } finally {
    await sql.end();
  }
}
