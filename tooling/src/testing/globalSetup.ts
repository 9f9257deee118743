import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../postgres/applyMigrations.ts';
import { applySupabaseStandIn } from '../postgres/applySupabaseStandIn.ts';
import { withDatabase } from '../postgres/databaseUrl.ts';
import { startPostgres } from '../postgres/startPostgres.ts';
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
 * One Postgres for the whole run (embedded, or `DATABASE_URL`), and one template database with
 * the Supabase stand-in and the migrations applied. Each test file then clones the template
 * (`createTestDatabase()`), which takes milliseconds instead of re-running the migration.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  // Unique per run, so runs sharing a `DATABASE_URL` server do not collide.
  const template = `talk_track_template_${randomBytes(4).toString('hex')}`;
  const admin = postgres(server.url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${template}"`);
    const templateUrl = withDatabase(server.url, template);
    await applySupabaseStandIn(templateUrl);
    await applyMigrations(templateUrl);
    await liftPerUserLimits(templateUrl);
  } catch (error) {
    await admin.end();
    await server.stop();
    throw error;
  }
  project.provide('databaseAdminUrl', server.url);
  project.provide('databaseTemplate', template);

  return async () => {
    try {
      await admin.unsafe(`drop database if exists "${template}" with (force)`);
    } finally {
      await admin.end();
      await server.stop();
    }
  };
}
