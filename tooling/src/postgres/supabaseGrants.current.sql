-- Supabase projects created since 2026-05-30: new tables and sequences in `public` are granted to
-- service_role only; anon and authenticated get nothing unless the migration grants it. (EXECUTE
-- on new functions still goes to PUBLIC, as in any Postgres.) The migration must grant what the
-- API roles need, so the tests are only meaningful with this in place too.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public grant all on tables to service_role;
alter default privileges in schema public grant all on sequences to service_role;
alter default privileges in schema public grant all on functions to service_role;
