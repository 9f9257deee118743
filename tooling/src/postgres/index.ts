export { startPostgres, type RunningPostgres, type StartPostgresOptions } from './startPostgres.ts';
export { applyMigrations, MIGRATIONS_DIR, type AppliedMigrations } from './applyMigrations.ts';
export {
  applySupabaseStandIn,
  SUPABASE_GRANT_MODES,
  SUPABASE_STAND_IN_PATH,
  type SupabaseGrants,
} from './applySupabaseStandIn.ts';
export { withDatabase } from './databaseUrl.ts';
