export { startPostgres, type RunningPostgres, type StartPostgresOptions } from './startPostgres.ts';
export { applyMigrations, MIGRATIONS_DIR, type AppliedMigrations } from './applyMigrations.ts';
export { applySupabaseStandIn, SUPABASE_STAND_IN_PATH } from './applySupabaseStandIn.ts';
export { withDatabase } from './databaseUrl.ts';
