import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../postgres/applyMigrations.ts';
import { SUPABASE_GRANT_MODES, applySupabaseStandIn, type SupabaseGrants } from '../postgres/applySupabaseStandIn.ts';
import { withDatabase } from '../postgres/databaseUrl.ts';
import { startPostgres } from '../postgres/startPostgres.ts';
import { ensurePackagesBuilt } from '../packages/ensurePackagesBuilt.ts';
import type {} from './providedContext.ts';

/**
 * Most tests start many jobs as one user; the per-user limits are the subject of their own tests
 * (supabase/tests/startLimits.test.ts), which put the migration's defaults back. The retry budget
 * and the claim cap keep their defaults everywhere.
 */
async function liftPerUserLimits(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await sql`update public.talk_track_settings set max_active_jobs_per_user = 100000, max_starts_per_window = 100000`;
  } finally {
    await sql.end();
  }
}

/**
 * The published packages built (when a source changed) for the tests that use `dist/`. One
 * Postgres for the whole run (embedded, or `DATABASE_URL`), and a template database with the
 * Supabase stand-in and the migrations applied for each of Supabase's two default-privilege
 * worlds (`SupabaseGrants`). Each test file then clones the template
 * (`createTestDatabase()`), which takes milliseconds instead of re-running the migration.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensurePackagesBuilt();
  const server = await startPostgres();
  // Unique per run, so runs sharing a `DATABASE_URL` server do not collide.
  const run = randomBytes(4).toString('hex');
  const templates = Object.fromEntries(
    SUPABASE_GRANT_MODES.map((grants) => [grants, `talk_track_template_${run}_${grants}`]),
  ) as Record<SupabaseGrants, string>;
  const admin = postgres(server.url, { max: 1, prepare: false, onnotice: () => {} });
  const dropTemplates = () =>
    Promise.all(Object.values(templates).map((name) => admin.unsafe(`drop database if exists "${name}" with (force)`)));
  try {
    for (const grants of SUPABASE_GRANT_MODES) {
      await admin.unsafe(`create database "${templates[grants]}"`);
      const templateUrl = withDatabase(server.url, templates[grants]);
      await applySupabaseStandIn(templateUrl, grants);
      await applyMigrations(templateUrl);
      await liftPerUserLimits(templateUrl);
    }
  } catch (error) {
    await dropTemplates().catch(() => {});
    await admin.end();
    await server.stop();
    throw error;
  }
  project.provide('databaseAdminUrl', server.url);
  project.provide('databaseTemplates', templates);

  return async () => {
    try {
      await dropTemplates();
    } finally {
      await admin.end();
      await server.stop();
    }
  };
}
