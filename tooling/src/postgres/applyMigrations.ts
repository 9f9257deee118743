import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../supabase/migrations/', import.meta.url));

export interface AppliedMigrations {
  /** File names applied by this call, in order. */
  applied: string[];
  /** File names already recorded as applied, left alone. */
  skipped: string[];
}

/**
 * Runs every `*.sql` file in `supabase/migrations` in name order, each in its own transaction.
 * Applied versions are recorded in `supabase_migrations.schema_migrations` — the table the
 * Supabase CLI keeps — so a database migrated before (by us or by `supabase db push`) is not
 * migrated twice.
 */
export async function applyMigrations(url: string, dir: string = MIGRATIONS_DIR): Promise<AppliedMigrations> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
  const result: AppliedMigrations = { applied: [], skipped: [] };
  try {
    await sql.unsafe(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text not null primary key,
        statements text[],
        name text
      );`);
    for (const file of files) {
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      const name = rest.join('_');
      const text = await readFile(join(dir, file), 'utf8');
      const done = await sql.begin(async (tx) => {
        const seen = await tx`select 1 from supabase_migrations.schema_migrations where version = ${version!}`;
        if (seen.length > 0) return false;
        await tx.unsafe(text);
        await tx`insert into supabase_migrations.schema_migrations (version, name) values (${version!}, ${name})`;
        return true;
      });
      (done ? result.applied : result.skipped).push(file);
    }
  } catch (error) {
    throw new Error(`Applying ${dir} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  } finally {
    await sql.end();
  }
  return result;
}
