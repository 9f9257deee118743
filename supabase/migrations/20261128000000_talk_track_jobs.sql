-- Talk Track Kit: background talk track generation jobs.
--
-- One migration creates everything a host needs. Every state change goes through the
-- talk_track_* functions below, so the job state machine is enforced here, once, for both the
-- postgres.js and the supabase-js adapter. Refusals raise custom SQLSTATEs (PostgREST passes
-- code, message and details through):
--   TT409  job_already_active   DETAIL: the active job's id
--   TT422  invalid_transition   DETAIL: the job's current status
-- "Not yours / lease lost / not claimable" is not an error: those functions return no row or false.
--
-- The functions run with the caller's rights (security invoker) and are executable by
-- service_role only; service_role bypasses RLS. Authenticated users may only read their own
-- jobs and chunks.

-------------------------------------------------------------------------------------------------
-- Tables
-------------------------------------------------------------------------------------------------

create table public.talk_track_jobs (
  id               uuid        primary key default gen_random_uuid(),
  user_id          uuid        not null,
  -- The host's key for "this deck": at most one active job per user and deck.
  deck_id          text        not null check (deck_id <> ''),
  status           text        not null default 'pending'
                               constraint talk_track_jobs_status_known
                               check (status in ('pending', 'processing', 'completed', 'failed', 'cancelled')),
  progress         integer     not null default 0
                               constraint talk_track_jobs_progress_percent check (progress between 0 and 100),
  -- Chunks saved so far (not an index): 0 … total_chunks.
  current_chunk    integer     not null default 0 check (current_chunk >= 0),
  total_chunks     integer     not null check (total_chunks >= 1),
  chunk_size       integer     not null check (chunk_size >= 1),
  slide_count      integer     not null check (slide_count >= 1),
  -- The deck snapshot the job generates from; later edits to the deck do not change a running job.
  input            jsonb       not null,
  result           jsonb,
  error_code       text,
  error_message    text,
  -- Claims so far, across continuations and retries.
  attempts         integer     not null default 0 check (attempts >= 0),
  -- The worker invocation that may write to the job, until lease_expires_at.
  lease_owner      text,
  lease_expires_at timestamptz,
  idempotency_key  text,
  created_at       timestamptz not null default now(),
  started_at       timestamptz,
  completed_at     timestamptz,
  updated_at       timestamptz not null default now(),

  constraint talk_track_jobs_current_chunk_within_total check (current_chunk <= total_chunks),
  -- The worker plans chunks as ceil(slides / chunk size); a job that disagrees could never complete.
  constraint talk_track_jobs_total_chunks_match_slides
    check (total_chunks = (slide_count + chunk_size - 1) / chunk_size),
  constraint talk_track_jobs_lease_only_while_processing
    check ((status = 'processing') = (lease_owner is not null and lease_expires_at is not null)),
  constraint talk_track_jobs_completed_at_only_when_finished
    check ((status in ('completed', 'failed', 'cancelled')) = (completed_at is not null)),
  -- 100 % means done: a running job shows at most 99 %.
  constraint talk_track_jobs_progress_100_only_when_completed
    check ((progress = 100) = (status = 'completed')),
  constraint talk_track_jobs_result_only_when_completed
    check ((status = 'completed') = (result is not null)),
  constraint talk_track_jobs_error_only_when_failed
    check ((status = 'failed') = (error_code is not null))
);

comment on table public.talk_track_jobs is
  'Talk Track Kit background jobs. Change state only through the talk_track_* functions.';

create table public.talk_track_chunks (
  job_id      uuid        not null references public.talk_track_jobs (id) on delete cascade,
  chunk_index integer     not null check (chunk_index >= 0),
  -- { slides: TalkTrackSlide[], opening: string | null, closing: string | null }
  output      jsonb       not null,
  created_at  timestamptz not null default now(),
  primary key (job_id, chunk_index)
);

comment on table public.talk_track_chunks is
  'One row per finished chunk of slides, so a crashed worker loses at most the chunk in flight.';

-------------------------------------------------------------------------------------------------
-- Indexes
-------------------------------------------------------------------------------------------------

-- At most one pending/processing job per user and deck (TT409 otherwise).
create unique index talk_track_jobs_one_active_per_deck
  on public.talk_track_jobs (user_id, deck_id)
  where status in ('pending', 'processing');

-- A repeated start with the same key finds the first job.
create unique index talk_track_jobs_idempotency_key
  on public.talk_track_jobs (user_id, idempotency_key)
  where idempotency_key is not null;

-- "The latest job for this deck" (a browser that lost its stored job finds it again) is one
-- index probe. Its leading column also serves RLS's `user_id = auth.uid()` filter on every
-- authenticated read, so no separate index on user_id.
create index talk_track_jobs_latest_per_deck
  on public.talk_track_jobs (user_id, deck_id, created_at desc);

-- The stale sweep only looks at active jobs, oldest first.
create index talk_track_jobs_active_by_updated_at
  on public.talk_track_jobs (updated_at)
  where status in ('pending', 'processing');

-- The cleanup deletes finished jobs by age.
create index talk_track_jobs_finished_by_completed_at
  on public.talk_track_jobs (completed_at)
  where status in ('completed', 'failed', 'cancelled');

-- The monitoring query lists the latest jobs.
create index talk_track_jobs_created_at on public.talk_track_jobs (created_at desc);

-------------------------------------------------------------------------------------------------
-- updated_at
-------------------------------------------------------------------------------------------------

create function public.talk_track_touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create trigger talk_track_jobs_touch_updated_at
  before update on public.talk_track_jobs
  for each row execute function public.talk_track_touch_updated_at();

-------------------------------------------------------------------------------------------------
-- Row level security
-------------------------------------------------------------------------------------------------

alter table public.talk_track_jobs enable row level security;
alter table public.talk_track_chunks enable row level security;

create policy "Users read their own talk track jobs"
  on public.talk_track_jobs
  for select
  to authenticated
  using ((select auth.uid()) = user_id);

create policy "Users read the chunks of their own talk track jobs"
  on public.talk_track_chunks
  for select
  to authenticated
  using (
    exists (
      select 1 from public.talk_track_jobs j
      where j.id = talk_track_chunks.job_id and j.user_id = (select auth.uid())
    )
  );

-- Explicit in both of Supabase's worlds: older projects grant every new table to anon and
-- authenticated (taken back here), projects since 2026-05-30 grant them nothing (given here).
-- Writes go through the functions below as service_role.
revoke all on table public.talk_track_jobs, public.talk_track_chunks from public, anon, authenticated, service_role;
grant select on table public.talk_track_jobs, public.talk_track_chunks to authenticated;
grant select, insert, update, delete on table public.talk_track_jobs, public.talk_track_chunks to service_role;

-------------------------------------------------------------------------------------------------
-- State changes
-------------------------------------------------------------------------------------------------

-- Creates a pending job. Same user + idempotency key → the job that key created (whatever its
-- status). Another pending/processing job for the user's deck → TT409 with that job's id.
create function public.talk_track_create_job(
  p_user_id uuid,
  p_deck_id text,
  p_input jsonb,
  p_chunk_size int,
  p_total_chunks int,
  p_idempotency_key text default null
)
returns public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
  v_active_id uuid;
begin
  if jsonb_typeof(p_input -> 'slides') is distinct from 'array' then
    raise exception 'p_input must be a deck with a slides array' using errcode = '22023';
  end if;

  -- Two passes at most: a unique violation whose active job finished before we could read it
  -- is worth one more insert.
  for attempt in 1..2 loop
    if p_idempotency_key is not null then
      select * into v_job from public.talk_track_jobs
        where user_id = p_user_id and idempotency_key = p_idempotency_key;
      if found then
        return v_job;
      end if;
    end if;

    begin
      insert into public.talk_track_jobs
        (user_id, deck_id, input, chunk_size, total_chunks, slide_count, idempotency_key)
      values
        (p_user_id, p_deck_id, p_input, p_chunk_size, p_total_chunks,
         jsonb_array_length(p_input -> 'slides'), p_idempotency_key)
      returning * into v_job;
      return v_job;
    exception when unique_violation then
      -- A concurrent start with the same key won: its job is the answer (the next pass reads
      -- it). Checked before the active job: that start may have tripped either unique index.
      continue when p_idempotency_key is not null and exists (
        select 1 from public.talk_track_jobs
         where user_id = p_user_id and idempotency_key = p_idempotency_key);
      select id into v_active_id from public.talk_track_jobs
        where user_id = p_user_id and deck_id = p_deck_id and status in ('pending', 'processing');
      if v_active_id is not null then
        raise exception 'A talk track job is already running for this deck'
          using errcode = 'TT409', detail = v_active_id::text,
                hint = 'Wait for it, cancel it, or watch it: the DETAIL is its id.';
      end if;
    end;
  end loop;
  raise exception 'Could not create the talk track job: it kept conflicting with concurrent starts'
    using errcode = '40001';
end;
$$;

-- Takes the lease: pending, or processing whose lease expired (the worker died or handed over)
-- or is already ours (a retried invocation). Row locked, so of concurrent claims exactly one wins.
create function public.talk_track_claim_job(p_job_id uuid, p_owner text, p_lease_seconds int)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
begin
  if p_owner is null or p_owner = '' or p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception 'p_owner must be set and p_lease_seconds at least 1' using errcode = '22023';
  end if;

  select * into v_job from public.talk_track_jobs where id = p_job_id for update;
  if not found then
    return;
  end if;
  if not (v_job.status = 'pending'
          or (v_job.status = 'processing'
              and (v_job.lease_expires_at <= now() or v_job.lease_owner = p_owner))) then
    return;
  end if;

  update public.talk_track_jobs
     set status = 'processing',
         lease_owner = p_owner,
         lease_expires_at = now() + make_interval(secs => p_lease_seconds),
         attempts = attempts + 1,
         started_at = coalesce(started_at, now())
   where id = p_job_id
  returning * into v_job;
  return next v_job;
end;
$$;

-- Extends a live lease. False when the job is not processing or the lease is not ours any more.
create function public.talk_track_heartbeat(p_job_id uuid, p_owner text, p_lease_seconds int)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  if p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception 'p_lease_seconds must be at least 1' using errcode = '22023';
  end if;
  update public.talk_track_jobs
     set lease_expires_at = now() + make_interval(secs => p_lease_seconds)
   where id = p_job_id
     and status = 'processing'
     and lease_owner = p_owner
     and lease_expires_at > now();
  return found;
end;
$$;

-- The job, locked until the caller's transaction ends, when it is processing under a live lease
-- of p_owner; no row otherwise. The check save_chunk and complete_job make before they write.
-- (heartbeat and fail_job state the same condition in their UPDATE's WHERE: there one statement
-- both checks and locks.) Internal, but executable by service_role like the rest: its callers run
-- with the caller's rights.
create function public.talk_track_locked_leased_job(p_job_id uuid, p_owner text)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
begin
  select * into v_job from public.talk_track_jobs where id = p_job_id for update;
  if not found
     or v_job.status <> 'processing'
     or v_job.lease_owner is distinct from p_owner
     or v_job.lease_expires_at <= now() then
    return;
  end if;
  return next v_job;
end;
$$;

-- Saves one chunk under a live lease. The first save of an index wins (a re-run after a crash
-- may produce the chunk again). Progress follows the chunks saved and never goes down.
create function public.talk_track_save_chunk(p_job_id uuid, p_owner text, p_chunk_index int, p_output jsonb)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
  v_saved int;
begin
  select * into v_job from public.talk_track_locked_leased_job(p_job_id, p_owner);
  if not found then
    return;
  end if;
  if p_chunk_index is null or p_chunk_index < 0 or p_chunk_index >= v_job.total_chunks then
    raise exception 'chunk index % is outside 0..%', p_chunk_index, v_job.total_chunks - 1 using errcode = '22023';
  end if;
  if jsonb_typeof(p_output -> 'slides') is distinct from 'array' then
    raise exception 'p_output must hold a slides array' using errcode = '22023';
  end if;

  insert into public.talk_track_chunks (job_id, chunk_index, output)
  values (p_job_id, p_chunk_index, p_output)
  on conflict (job_id, chunk_index) do nothing;

  select count(*) into v_saved from public.talk_track_chunks where job_id = p_job_id;

  -- Saving proves the worker is alive, so the lease is extended by the length it was last
  -- granted: every claim/heartbeat sets lease_expires_at and (by trigger) updated_at together.
  update public.talk_track_jobs
     set current_chunk = v_saved,
         progress = greatest(progress, least(99, floor(100.0 * v_saved / total_chunks)::int)),
         lease_expires_at = greatest(lease_expires_at, now() + (lease_expires_at - updated_at))
   where id = p_job_id
  returning * into v_job;
  return next v_job;
end;
$$;

-- Finishes the job under a live lease once every chunk is saved.
create function public.talk_track_complete_job(p_job_id uuid, p_owner text, p_result jsonb)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
begin
  select * into v_job from public.talk_track_locked_leased_job(p_job_id, p_owner);
  if not found then
    return;
  end if;
  if v_job.current_chunk < v_job.total_chunks then
    raise exception 'Cannot complete the job: % of % chunks saved', v_job.current_chunk, v_job.total_chunks
      using errcode = 'TT422', detail = v_job.status;
  end if;
  if jsonb_typeof(p_result) is distinct from 'object' then
    raise exception 'p_result must be a talk track object' using errcode = '22023';
  end if;

  update public.talk_track_jobs
     set status = 'completed',
         progress = 100,
         result = p_result,
         completed_at = now(),
         lease_owner = null,
         lease_expires_at = null
   where id = p_job_id
  returning * into v_job;
  return next v_job;
end;
$$;

-- Gives up on the job under a live lease. Saved chunks stay, so a retry resumes after them.
create function public.talk_track_fail_job(p_job_id uuid, p_owner text, p_error_code text, p_error_message text)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
begin
  if p_error_code is null or p_error_code = '' then
    raise exception 'p_error_code must be set' using errcode = '22023';
  end if;
  return query
  update public.talk_track_jobs
     set status = 'failed',
         error_code = p_error_code,
         error_message = p_error_message,
         completed_at = now(),
         lease_owner = null,
         lease_expires_at = null
   where id = p_job_id
     and status = 'processing'
     and lease_owner = p_owner
     and lease_expires_at > now()
  returning *;
end;
$$;

-- Hands the job over: the lease expires now (still processing, owner kept for the record), so a
-- fresh invocation can claim it at once instead of waiting for the lease to run out.
create function public.talk_track_release_job(p_job_id uuid, p_owner text)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  update public.talk_track_jobs
     set lease_expires_at = least(lease_expires_at, now())
   where id = p_job_id
     and status = 'processing'
     and lease_owner = p_owner;
  return found;
end;
$$;

-- The user stops their job. No row when it is not theirs (no existence leak); TT422 when it
-- already finished. A worker holding the lease notices at its next heartbeat or save.
create function public.talk_track_cancel_job(p_job_id uuid, p_user_id uuid)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
begin
  select * into v_job from public.talk_track_jobs
    where id = p_job_id and user_id = p_user_id
    for update;
  if not found then
    return;
  end if;
  if v_job.status not in ('pending', 'processing') then
    raise exception 'Cannot cancel a % talk track job', v_job.status
      using errcode = 'TT422', detail = v_job.status;
  end if;

  update public.talk_track_jobs
     set status = 'cancelled',
         completed_at = now(),
         lease_owner = null,
         lease_expires_at = null
   where id = p_job_id
  returning * into v_job;
  return next v_job;
end;
$$;

-- The user runs a failed or cancelled job again: back to pending, saved chunks kept (the worker
-- skips them), error and timestamps of the previous run cleared.
create function public.talk_track_retry_job(p_job_id uuid, p_user_id uuid)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
  v_active_id uuid;
begin
  select * into v_job from public.talk_track_jobs
    where id = p_job_id and user_id = p_user_id
    for update;
  if not found then
    return;
  end if;
  if v_job.status not in ('failed', 'cancelled') then
    raise exception 'Cannot retry a % talk track job', v_job.status
      using errcode = 'TT422', detail = v_job.status;
  end if;

  begin
    update public.talk_track_jobs
       set status = 'pending',
           error_code = null,
           error_message = null,
           started_at = null,
           completed_at = null
     where id = p_job_id
    returning * into v_job;
  exception when unique_violation then
    select id into v_active_id from public.talk_track_jobs
      where user_id = v_job.user_id and deck_id = v_job.deck_id and status in ('pending', 'processing');
    raise exception 'Another talk track job is already running for this deck'
      using errcode = 'TT409', detail = v_active_id::text;
  end;
  return next v_job;
end;
$$;

-------------------------------------------------------------------------------------------------
-- Maintenance
-------------------------------------------------------------------------------------------------

-- Jobs that need a worker: processing whose worker died (lease ran out), or pending that no
-- worker picked up within the grace period (the invocation was lost). Oldest first.
create function public.talk_track_find_stale_jobs(p_pending_grace_seconds int, p_limit int)
returns setof uuid
language sql
stable
set search_path = ''
as $$
  select id
    from public.talk_track_jobs
   where (status = 'processing' and lease_expires_at < now())
      or (status = 'pending' and lease_owner is null
          and updated_at < now() - make_interval(secs => p_pending_grace_seconds))
   order by updated_at
   limit p_limit;
$$;

-- Deletes finished jobs (and, by cascade, their chunks) older than p_older_than.
create function public.talk_track_cleanup_jobs(p_older_than interval default interval '30 days')
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  delete from public.talk_track_jobs
   where status in ('completed', 'failed', 'cancelled')
     and completed_at < now() - p_older_than;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;

-------------------------------------------------------------------------------------------------
-- Function privileges: service_role only (Postgres grants EXECUTE to PUBLIC, Supabase also to
-- anon and authenticated, and PostgREST would expose them all as RPC).
-------------------------------------------------------------------------------------------------

revoke all on function
  public.talk_track_touch_updated_at(),
  public.talk_track_create_job(uuid, text, jsonb, int, int, text),
  public.talk_track_claim_job(uuid, text, int),
  public.talk_track_heartbeat(uuid, text, int),
  public.talk_track_locked_leased_job(uuid, text),
  public.talk_track_save_chunk(uuid, text, int, jsonb),
  public.talk_track_complete_job(uuid, text, jsonb),
  public.talk_track_fail_job(uuid, text, text, text),
  public.talk_track_release_job(uuid, text),
  public.talk_track_cancel_job(uuid, uuid),
  public.talk_track_retry_job(uuid, uuid),
  public.talk_track_find_stale_jobs(int, int),
  public.talk_track_cleanup_jobs(interval)
from public, anon, authenticated;

grant execute on function
  public.talk_track_create_job(uuid, text, jsonb, int, int, text),
  public.talk_track_claim_job(uuid, text, int),
  public.talk_track_heartbeat(uuid, text, int),
  public.talk_track_locked_leased_job(uuid, text),
  public.talk_track_save_chunk(uuid, text, int, jsonb),
  public.talk_track_complete_job(uuid, text, jsonb),
  public.talk_track_fail_job(uuid, text, text, text),
  public.talk_track_release_job(uuid, text),
  public.talk_track_cancel_job(uuid, uuid),
  public.talk_track_retry_job(uuid, uuid),
  public.talk_track_find_stale_jobs(int, int),
  public.talk_track_cleanup_jobs(interval)
to service_role;

-------------------------------------------------------------------------------------------------
-- Daily cleanup with pg_cron, where it exists (every Supabase project; not plain Postgres).
-------------------------------------------------------------------------------------------------

do $cron$
begin
  if not exists (select 1 from pg_available_extensions where name = 'pg_cron') then
    raise notice 'pg_cron is not available: schedule public.talk_track_cleanup_jobs() yourself';
    return;
  end if;
  begin
    create extension if not exists pg_cron with schema pg_catalog;
    -- Scheduling by name replaces an earlier schedule of the same name, so re-runs are harmless.
    perform cron.schedule(
      'talk-track-cleanup-jobs',
      '17 3 * * *',
      'select public.talk_track_cleanup_jobs()'
    );
  exception when others then
    -- Installed but unusable (e.g. not in shared_preload_libraries): the jobs table works
    -- without it, so say so instead of failing the whole migration.
    raise warning 'pg_cron could not schedule the talk track cleanup (%): schedule public.talk_track_cleanup_jobs() yourself', sqlerrm;
  end;
end
$cron$;
