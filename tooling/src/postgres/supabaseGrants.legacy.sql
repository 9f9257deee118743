-- Supabase projects created before 2026-05-30: every table, sequence and function the migration
-- owner creates in `public` is granted to all three API roles. The migration must revoke what it
-- does not want exposed, so the tests are only meaningful with this in place.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
