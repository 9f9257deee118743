-- The parts of Supabase the talk track migration relies on, for a plain Postgres (tests and
-- `npm run dev`). NEVER part of the migration: on Supabase all of this already exists.
-- Idempotent: roles are cluster-wide, so it runs again in every new database.

-- The API roles, as Supabase creates them: nobody logs in as them; PostgREST's login role (here:
-- whoever applies this file) switches to them with SET ROLE. service_role bypasses RLS.
do $standin$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- Lets the connecting user (tests, the dev stack) `set local role` to each of them.
  if not pg_has_role(current_user, 'anon', 'member') then
    execute format('grant anon to %I', current_user);
  end if;
  if not pg_has_role(current_user, 'authenticated', 'member') then
    execute format('grant authenticated to %I', current_user);
  end if;
  if not pg_has_role(current_user, 'service_role', 'member') then
    execute format('grant service_role to %I', current_user);
  end if;
end
$standin$;

-- The API roles may use `public`; what they get on the objects in it depends on the project's
-- age (supabaseGrants.legacy.sql / supabaseGrants.current.sql, applied after this file).
grant usage on schema public to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

-- Exactly as Supabase defines them (supabase/postgres, auth schema): the legacy per-claim
-- setting first, then the claims object PostgREST sets for each request.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select
    coalesce(
      nullif(current_setting('request.jwt.claim.sub', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select
    coalesce(
      nullif(current_setting('request.jwt.claim.role', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
    )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select
    coalesce(
      nullif(current_setting('request.jwt.claim', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;
