-- Talk Track Kit: background talk track generation jobs.
--
-- One migration creates everything a host needs. Every state change goes through the
-- talk_track_* functions below, so the job state machine is enforced here, once, for both the
-- postgres.js and the supabase-js adapter. Refusals raise custom SQLSTATEs (PostgREST passes
-- code, message and details through):
--   TT409  job_already_active   DETAIL: the active job's id
--   TT422  invalid_transition   DETAIL: the job's current status
--   TT429  a per-user limit     DETAIL: {"code": …, "retryAfterSeconds": …, "limit": …} (json)
--   TT403  retry_budget_exhausted  DETAIL: the LLM calls the job has spent
-- "Not yours / lease lost / not claimable" is not an error: those functions return no row or false.
--
-- The functions run with the caller's rights (security invoker) and are executable by
-- service_role only; service_role bypasses RLS. Authenticated users may only read their own
-- jobs and chunks.

-------------------------------------------------------------------------------------------------
-- Tables
-------------------------------------------------------------------------------------------------

-- Whether chunk_starts plans a deck of p_slide_count slides the way the worker runs it: chunk k
-- covers the slides from p_starts[k] up to the next start (the last one up to the deck's end), so
-- the starts begin at 0, rise strictly, stay inside the deck, and no chunk holds more than
-- p_chunk_size slides. Used by a check constraint, so no plan the worker could not run is stored.
create function public.talk_track_chunk_plan_is_valid(p_starts int[], p_slide_count int, p_chunk_size int)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(
    array_ndims(p_starts) = 1 and array_lower(p_starts, 1) = 1 and p_starts[1] = 0
    and (select bool_and(coalesce(c.next_start > c.start and c.next_start - c.start <= p_chunk_size, false))
           from (select s.start, coalesce(lead(s.start) over (order by s.n), p_slide_count) as next_start
                   from unnest(p_starts) with ordinality as s(start, n)) c),
    false);
$$;

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
  -- The chunk plan, made once from the deck's text when the job is created: the slide each chunk
  -- starts at. A slide too long to share a request starts (and ends) a chunk of its own, so chunks
  -- hold 1 … chunk_size slides. Every invocation runs this plan; progress counts its chunks.
  chunk_starts     integer[]   not null,
  -- The deck snapshot the job generates from; later edits to the deck do not change a running job.
  -- Retention empties it on completed jobs (the result carries what a reader needs).
  input            jsonb,
  result           jsonb,
  error_code       text,
  -- What the person is told (plain words); error_detail is for the host's developers: what
  -- failed, the model, the setting to change. The kit's UI never shows error_detail.
  error_message    text,
  error_detail     text,
  -- Claims so far, across continuations and retries (capped by max_claims_per_job).
  attempts         integer     not null default 0 check (attempts >= 0),
  -- LLM calls started so far, across invocations and Retry clicks: the job's retry budget
  -- (max_llm_calls_per_job) is spent from this and never reset.
  llm_calls        integer     not null default 0 check (llm_calls >= 0),
  -- Usage ledger: tokens the API reported for the saved chunks (prompt / completion), plus those
  -- billed for calls whose answer was not kept (talk_track_record_billed_usage: a chunk that
  -- failed, was deferred or stopped), and the part of tokens_out a reasoning model spent thinking
  -- (billed as completion tokens, so counted in tokens_out and in the daily token budget too).
  tokens_in        bigint      not null default 0 check (tokens_in >= 0),
  tokens_out       bigint      not null default 0 check (tokens_out >= 0),
  tokens_reasoning bigint      not null default 0 check (tokens_reasoning between 0 and tokens_out),
  -- How the last saved chunk's answer was asked for: json_schema (structured outputs), or
  -- json_object with the schema in the prompt from an endpoint that refuses json_schema.
  response_format  text        check (response_format in ('json_schema', 'json_object')),
  -- The worker invocation that may write to the job, until lease_expires_at.
  lease_owner      text,
  lease_expires_at timestamptz,
  -- The lease length last granted (claim, heartbeat): a chunk save extends the lease by as much.
  lease_seconds    integer     check (lease_seconds >= 1),
  -- Since when the job waits in line for an LLM slot (null while it has one or is not running):
  -- its place in line is the number of jobs waiting since earlier.
  waiting_since    timestamptz,
  idempotency_key  text,
  created_at       timestamptz not null default now(),
  started_at       timestamptz,
  completed_at     timestamptz,
  updated_at       timestamptz not null default now(),

  constraint talk_track_jobs_current_chunk_within_total check (current_chunk <= total_chunks),
  -- A plan the worker could not run, or a chunk count that disagrees with it, would never complete.
  constraint talk_track_jobs_chunk_plan_fits_deck
    check (cardinality(chunk_starts) = total_chunks
           and public.talk_track_chunk_plan_is_valid(chunk_starts, slide_count, chunk_size)),
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
    check ((status = 'failed') = (error_code is not null)),
  -- Only a completed job may lose its input (retention); anything that can still run needs it.
  constraint talk_track_jobs_input_unless_completed
    check (input is not null or status = 'completed')
);

comment on table public.talk_track_jobs is
  'Talk Track Kit background jobs. Change state only through the talk_track_* functions.';

create table public.talk_track_chunks (
  job_id      uuid        not null references public.talk_track_jobs (id) on delete cascade,
  chunk_index integer     not null check (chunk_index >= 0),
  -- { slides: TalkTrackSlide[], opening: string | null, closing: string | null }
  output      jsonb       not null,
  -- Usage ledger: what the API's `usage` said for the calls that wrote this chunk (a cut-off or
  -- invalid answer retried in the same run included); tokens_reasoning is part of tokens_out.
  tokens_in        integer     not null default 0 check (tokens_in >= 0),
  tokens_out       integer     not null default 0 check (tokens_out >= 0),
  tokens_reasoning integer     not null default 0 check (tokens_reasoning between 0 and tokens_out),
  response_format  text        check (response_format in ('json_schema', 'json_object')),
  created_at  timestamptz not null default now(),
  primary key (job_id, chunk_index)
);

comment on table public.talk_track_chunks is
  'One row per finished chunk of slides, so a crashed worker loses at most the chunk in flight.';

-------------------------------------------------------------------------------------------------
-- Production limits: one row the host edits (update public.talk_track_settings set …). The ones
-- that guard money are enforced by the functions below, in the same transaction as the change
-- they guard, so no caller can skip them. Defaults are safe for a public launch.
-------------------------------------------------------------------------------------------------

create table public.talk_track_settings (
  -- Exactly one row.
  singleton                    boolean  primary key default true check (singleton),
  -- Pending + processing jobs one user may have at once (a start past it → TT429).
  max_active_jobs_per_user     integer  not null default 2 check (max_active_jobs_per_user >= 1),
  -- Jobs one user may start per start_window (a start past it → TT429, retry after the oldest
  -- start leaves the window).
  max_starts_per_window        integer  not null default 20 check (max_starts_per_window >= 1),
  start_window                 interval not null default interval '1 hour' check (start_window > interval '0'),
  -- Optional: tokens (in + out) one user's jobs may use per UTC day; null = no budget.
  daily_token_budget_per_user  bigint   check (daily_token_budget_per_user is null or daily_token_budget_per_user >= 1),
  -- The retry budget: LLM calls one job may start, across invocations and Retry clicks. A 55-slide
  -- job needs 11; the default leaves room for every chunk to be retried four times.
  max_llm_calls_per_job        integer  not null default 50 check (max_llm_calls_per_job >= 1),
  -- Claims (invocations) one job may take: a continuation every time budget, plus crashes.
  max_claims_per_job           integer  not null default 25 check (max_claims_per_job >= 1),
  -- LLM calls in flight at once across all workers and jobs; jobs beyond it wait in line. Set it
  -- below the provider's rate limit (requests in flight) for your key.
  max_llm_calls_in_flight      integer  not null default 30 check (max_llm_calls_in_flight >= 1),
  -- Retention: failed and cancelled jobs are deleted, and completed jobs lose their input deck
  -- and chunk rows (the result keeps every slide), this long after they finished.
  cleanup_after                interval not null default interval '30 days' check (cleanup_after > interval '0'),
  -- Completed jobs themselves (with their result) are deleted after this; null = kept for good.
  delete_completed_after       interval check (delete_completed_after is null or delete_completed_after > interval '0')
);

insert into public.talk_track_settings default values;

comment on table public.talk_track_settings is
  'Talk Track Kit limits and retention (one row). See the README''s Production checklist.';

-- LLM calls in flight, across every worker and job: the one concurrency limit
-- (max_llm_calls_in_flight) and each job's lanes are counted here. Written only by
-- talk_track_begin_llm_call / talk_track_end_llm_call; a slot whose worker died expires.
create table public.talk_track_llm_slots (
  id         bigint      generated always as identity primary key,
  job_id     uuid        not null references public.talk_track_jobs (id) on delete cascade,
  owner      text        not null,
  expires_at timestamptz not null
);

create index talk_track_llm_slots_job_id on public.talk_track_llm_slots (job_id);

alter table public.talk_track_llm_slots enable row level security;
revoke all on table public.talk_track_llm_slots from public, anon, authenticated, service_role;
grant select, insert, delete on table public.talk_track_llm_slots to service_role;

-- How long finished jobs took, per model: the history a new job's estimate comes from
-- (talk_track_job_outlook). One row per completed job, written by talk_track_complete_job.
-- Stored as lane-seconds per slide (wall seconds × lanes ÷ slides generated in the run), so the
-- history stays valid when a host changes the lanes per job.
create table public.talk_track_job_timings (
  id                     bigint           generated always as identity primary key,
  model                  text             not null check (model <> ''),
  lanes                  integer          not null check (lanes >= 1),
  slides                 integer          not null check (slides >= 1),
  lane_seconds_per_slide double precision not null check (lane_seconds_per_slide >= 0),
  recorded_at            timestamptz      not null default now()
);

-- The estimate reads the newest rows of one model.
create index talk_track_job_timings_latest_per_model on public.talk_track_job_timings (model, id desc);

alter table public.talk_track_job_timings enable row level security;
revoke all on table public.talk_track_job_timings from public, anon, authenticated, service_role;
grant select, insert, delete on table public.talk_track_job_timings to service_role;

-- When a status read last re-invoked each job's worker (talk_track_revive_job), so every open tab
-- polling one stuck job wakes its worker once per throttle window, whichever server it reaches.
create table public.talk_track_revivals (
  job_id     uuid        primary key references public.talk_track_jobs (id) on delete cascade,
  revived_at timestamptz not null
);

alter table public.talk_track_revivals enable row level security;
revoke all on table public.talk_track_revivals from public, anon, authenticated, service_role;
grant select, insert, update, delete on table public.talk_track_revivals to service_role;

-- The functions read the one row; deleting it would stop every start, so it cannot be deleted.
create function public.talk_track_keep_settings_row()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'talk_track_settings keeps its one row: update its columns instead'
    using errcode = '55000';
end;
$$;

create trigger talk_track_settings_keep_row
  before delete or truncate on public.talk_track_settings
  for each statement execute function public.talk_track_keep_settings_row();

alter table public.talk_track_settings enable row level security;
revoke all on table public.talk_track_settings from public, anon, authenticated, service_role;
grant select on table public.talk_track_settings to service_role;

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

-- Creates a pending job with the chunk plan p_chunk_starts (null: chunks of p_chunk_size slides
-- each, the plan of a deck whose slides are all short; a plan that does not fit the deck →
-- 23514, nothing written). Same user + idempotency key → the job that key created (whatever its
-- status), with created = false: whether a start was a replay is decided here, by what was
-- inserted, never by comparing clocks. Another pending/processing job for the user's deck →
-- TT409 with that job's id. Past a per-user limit of talk_track_settings → TT429 (see
-- talk_track_check_start_limits). Starts of one user are serialized (an advisory lock on the
-- user), so two concurrent starts cannot both slip under a limit.
create function public.talk_track_create_job(
  p_user_id uuid,
  p_deck_id text,
  p_input jsonb,
  p_chunk_size int,
  p_total_chunks int,
  p_idempotency_key text default null,
  p_chunk_starts int[] default null
)
returns table (job public.talk_track_jobs, created boolean, estimated_seconds int)
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
  perform pg_advisory_xact_lock(hashtextextended('talk_track_user:' || p_user_id::text, 0));

  if p_idempotency_key is not null then
    select * into v_job from public.talk_track_jobs
      where user_id = p_user_id and idempotency_key = p_idempotency_key;
    if found then
      return query select v_job, false,
        case when v_job.status in ('pending', 'processing') then public.talk_track_estimate_seconds(v_job.slide_count) end;
      return;
    end if;
  end if;

  -- The deck's own active job first: the caller wants its id (409), not a limit (429).
  select id into v_active_id from public.talk_track_jobs
    where user_id = p_user_id and deck_id = p_deck_id and status in ('pending', 'processing');
  if v_active_id is not null then
    raise exception 'A talk track job is already running for this deck'
      using errcode = 'TT409', detail = v_active_id::text,
            hint = 'Wait for it, cancel it, or watch it: the DETAIL is its id.';
  end if;
  perform public.talk_track_check_start_limits(p_user_id, true);

  insert into public.talk_track_jobs
    (user_id, deck_id, input, chunk_size, total_chunks, slide_count, chunk_starts, idempotency_key)
  values
    (p_user_id, p_deck_id, p_input, p_chunk_size, p_total_chunks,
     jsonb_array_length(p_input -> 'slides'),
     coalesce(p_chunk_starts, array(select generate_series(0, jsonb_array_length(p_input -> 'slides') - 1, p_chunk_size))),
     p_idempotency_key)
  returning * into v_job;
  -- The estimate comes along, so the start's answer has it from the first second.
  return query select v_job, true, public.talk_track_estimate_seconds(v_job.slide_count);
end;
$$;

-- Raises TT429 when the user may not make one more job active now: at max_active_jobs_per_user,
-- or (for a new start, p_new_start) at max_starts_per_window or past the daily token budget.
-- DETAIL is json: { code, retryAfterSeconds, limit }. Retry-After comes from the database clock.
create function public.talk_track_check_start_limits(p_user_id uuid, p_new_start boolean)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_settings public.talk_track_settings;
  v_count int;
  v_oldest timestamptz;
  v_tokens bigint;
begin
  select * into strict v_settings from public.talk_track_settings;

  select count(*) into v_count from public.talk_track_jobs
    where user_id = p_user_id and status in ('pending', 'processing');
  if v_count >= v_settings.max_active_jobs_per_user then
    raise exception 'You already have % talk tracks being generated: wait for one to finish', v_count
      using errcode = 'TT429',
            detail = json_build_object('code', 'too_many_active_jobs', 'retryAfterSeconds', 30,
                                       'limit', v_settings.max_active_jobs_per_user)::text;
  end if;
  if not p_new_start then
    return;
  end if;

  select count(*), min(created_at) into v_count, v_oldest from public.talk_track_jobs
    where user_id = p_user_id and created_at > now() - v_settings.start_window;
  if v_count >= v_settings.max_starts_per_window then
    raise exception 'You started % talk tracks within %: try again later', v_count, v_settings.start_window
      using errcode = 'TT429',
            detail = json_build_object('code', 'too_many_starts',
                                       'retryAfterSeconds', greatest(1, ceil(extract(epoch from v_oldest + v_settings.start_window - now())))::int,
                                       'limit', v_settings.max_starts_per_window)::text;
  end if;

  if v_settings.daily_token_budget_per_user is not null then
    select coalesce(sum(tokens_in + tokens_out), 0) into v_tokens from public.talk_track_jobs
      where user_id = p_user_id and created_at >= date_trunc('day', now(), 'UTC');
    if v_tokens >= v_settings.daily_token_budget_per_user then
      raise exception 'You used today''s talk track budget (% tokens)', v_tokens
        using errcode = 'TT429',
              detail = json_build_object('code', 'daily_token_budget_exceeded',
                                         'retryAfterSeconds', greatest(1, ceil(extract(epoch from date_trunc('day', now(), 'UTC') + interval '1 day' - now())))::int,
                                         'limit', v_settings.daily_token_budget_per_user)::text;
    end if;
  end if;
end;
$$;

-- Takes the lease: pending, or processing whose lease expired (the worker died or handed over)
-- or is already ours (a retried invocation). Row locked, so of concurrent claims exactly one wins.
-- A job that already took max_claims_per_job claims, or spent its retry budget, is failed instead
-- (claim_limit_reached / retry_budget_exhausted): nothing revives a job forever.
-- Taking over an expired lease also frees the LLM slots the previous owner still holds for the
-- job: that worker died (its calls with it) or stops its calls within a second, at its next lease
-- check. Left to expire, they would hold the resumed job's lanes for a call timeout (50 s by
-- default) after a crash. A retried job (pending) still waits for a cancelled run's slots: that
-- run is alive and gives them back when its calls end.
create function public.talk_track_claim_job(p_job_id uuid, p_owner text, p_lease_seconds int)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
  v_settings public.talk_track_settings;
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
  select * into strict v_settings from public.talk_track_settings;
  if v_job.attempts >= v_settings.max_claims_per_job or v_job.llm_calls >= v_settings.max_llm_calls_per_job then
    perform public.talk_track_fail_over_budget(p_job_id);
    return;
  end if;

  if v_job.status = 'processing' and v_job.lease_owner is distinct from p_owner then
    delete from public.talk_track_llm_slots where job_id = p_job_id and owner <> p_owner;
  end if;

  update public.talk_track_jobs
     set status = 'processing',
         lease_owner = p_owner,
         lease_expires_at = now() + make_interval(secs => p_lease_seconds),
         lease_seconds = p_lease_seconds,
         waiting_since = null,
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
     set lease_expires_at = now() + make_interval(secs => p_lease_seconds),
         lease_seconds = p_lease_seconds
   where id = p_job_id
     and status = 'processing'
     and lease_owner = p_owner
     and lease_expires_at > now();
  return found;
end;
$$;

-- Fails an active job that spent its claims or its retry budget, with the code that says which.
-- Internal: claim_job, begin_llm_call and the sweep call it.
create function public.talk_track_fail_over_budget(p_job_id uuid)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_settings public.talk_track_settings;
begin
  select * into strict v_settings from public.talk_track_settings;
  return query
  update public.talk_track_jobs
     set status = 'failed',
         error_code = case when llm_calls >= v_settings.max_llm_calls_per_job
                           then 'retry_budget_exhausted' else 'claim_limit_reached' end,
         error_message = case when llm_calls >= v_settings.max_llm_calls_per_job
           then format('Generation stopped after %s LLM calls, the most one talk track may use. Start a new one.', llm_calls)
           else format('Generation stopped after %s worker runs without finishing. Start a new one.', attempts) end,
         completed_at = now(),
         lease_owner = null,
         lease_expires_at = null
   where id = p_job_id
     and status in ('pending', 'processing')
     and (llm_calls >= v_settings.max_llm_calls_per_job or attempts >= v_settings.max_claims_per_job)
  returning *;
end;
$$;

-- The place in line for an LLM slot: the jobs other than p_job_id waiting for one under a live
-- lease that started before it (started_at, then id). First come, first served: a job keeps its
-- place across hand-offs and takeovers (the claim keeps started_at) and goes to the back on Retry
-- (which clears it), and one whose worker died stops holding a place when its lease runs out.
-- talk_track_begin_llm_call starts a call only while the slots in flight and these jobs leave one
-- free, and answers this count to a waiting job; a status read shows it (talk_track_job_outlook):
-- one definition, so the two cannot disagree.
create function public.talk_track_waiting_ahead(p_job_id uuid)
returns int
language sql
stable
set search_path = ''
as $$
  select count(*)::int
    from public.talk_track_jobs me, public.talk_track_jobs w
   where me.id = p_job_id
     and w.status = 'processing' and w.waiting_since is not null and w.lease_expires_at > now()
     and (w.started_at, w.id) < (me.started_at, me.id);
$$;

-- Asks for a slot to make one LLM call. 'go' with a slot id: the call may start, one call of the
-- job's retry budget is spent, and the slot counts against the job's lanes (p_lanes) and the
-- limit across all jobs (max_llm_calls_in_flight) until talk_track_end_llm_call or its expiry
-- (p_call_seconds: the call's timeout and a margin, so a dead worker's slots free themselves).
-- 'wait': this job's lanes are taken (e.g. by a cancelled run still letting go), or the global
-- limit is, counting the free slots as kept for the `ahead` jobs before this one in line
-- (talk_track_waiting_ahead); ask again shortly. 'stop': the lease is gone (cancelled, taken over)
-- or the budget is spent — then the job is failed in this statement.
create function public.talk_track_begin_llm_call(p_job_id uuid, p_owner text, p_lanes int, p_call_seconds int)
returns table (decision text, slot_id bigint, ahead int)
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
  v_settings public.talk_track_settings;
  v_slot bigint;
  v_ahead int;
begin
  if p_lanes is null or p_lanes < 1 or p_call_seconds is null or p_call_seconds < 1 then
    raise exception 'p_lanes and p_call_seconds must be at least 1' using errcode = '22023';
  end if;
  select * into v_job from public.talk_track_locked_leased_job(p_job_id, p_owner);
  if not found then
    return query select 'stop'::text, null::bigint, null::int;
    return;
  end if;
  select * into strict v_settings from public.talk_track_settings;
  if v_job.llm_calls >= v_settings.max_llm_calls_per_job then
    perform public.talk_track_fail_over_budget(p_job_id);
    return query select 'stop'::text, null::bigint, null::int;
    return;
  end if;

  -- One allocator at a time, so the global count cannot be overrun by concurrent askers; the
  -- statement is short (counts of the live slots and of the active jobs waiting in line).
  perform pg_advisory_xact_lock(hashtextextended('talk_track_llm_slots', 0));
  delete from public.talk_track_llm_slots where expires_at <= now();
  v_ahead := public.talk_track_waiting_ahead(p_job_id);
  if (select count(*) from public.talk_track_llm_slots where job_id = p_job_id) >= p_lanes
     or (select count(*) from public.talk_track_llm_slots) + v_ahead >= v_settings.max_llm_calls_in_flight then
    update public.talk_track_jobs
       set waiting_since = coalesce(waiting_since, now())
     where id = p_job_id and waiting_since is null;
    return query select 'wait'::text, null::bigint, v_ahead;
    return;
  end if;

  insert into public.talk_track_llm_slots (job_id, owner, expires_at)
  values (p_job_id, p_owner, now() + make_interval(secs => p_call_seconds))
  returning id into v_slot;
  update public.talk_track_jobs set llm_calls = llm_calls + 1, waiting_since = null where id = p_job_id;
  return query select 'go'::text, v_slot, 0;
end;
$$;

-- Whether p_owner still holds a live lease: a read the worker makes about once a second, so a
-- cancel or a takeover stops its calls within a second instead of at the next heartbeat.
create function public.talk_track_lease_held(p_job_id uuid, p_owner text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select 1 from public.talk_track_jobs
     where id = p_job_id and status = 'processing' and lease_owner = p_owner and lease_expires_at > now()
  );
$$;

-- Gives a slot back when its call ended (answered, failed, aborted). Unknown slots are fine.
create function public.talk_track_end_llm_call(p_slot_id bigint)
returns void
language sql
set search_path = ''
as $$
  delete from public.talk_track_llm_slots where id = p_slot_id;
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
-- p_tokens_reasoning and p_response_format have defaults, so a caller that does not know them
-- (an older adapter, a named-argument RPC) still saves.
create function public.talk_track_save_chunk(
  p_job_id uuid,
  p_owner text,
  p_chunk_index int,
  p_output jsonb,
  p_tokens_in int default 0,
  p_tokens_out int default 0,
  p_tokens_reasoning int default 0,
  p_response_format text default null
)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
  v_saved int;
  v_tokens_in int := 0;
  v_tokens_out int := 0;
  v_tokens_reasoning int := 0;
  v_response_format text;
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

  insert into public.talk_track_chunks (job_id, chunk_index, output, tokens_in, tokens_out, tokens_reasoning, response_format)
  values (p_job_id, p_chunk_index, p_output, coalesce(p_tokens_in, 0), coalesce(p_tokens_out, 0),
          coalesce(p_tokens_reasoning, 0), p_response_format)
  on conflict (job_id, chunk_index) do nothing;
  -- Only a chunk saved now adds to the ledger and sets the job's response format (a duplicate's
  -- tokens were paid but not kept; the job's llm_calls still counts that call).
  if found then
    v_tokens_in := coalesce(p_tokens_in, 0);
    v_tokens_out := coalesce(p_tokens_out, 0);
    v_tokens_reasoning := coalesce(p_tokens_reasoning, 0);
    v_response_format := p_response_format;
  end if;

  select count(*) into v_saved from public.talk_track_chunks where job_id = p_job_id;

  -- Saving proves the worker is alive, so the lease is extended by the length it was last granted.
  update public.talk_track_jobs
     set current_chunk = v_saved,
         progress = greatest(progress, least(99, floor(100.0 * v_saved / total_chunks)::int)),
         tokens_in = tokens_in + v_tokens_in,
         tokens_out = tokens_out + v_tokens_out,
         tokens_reasoning = tokens_reasoning + v_tokens_reasoning,
         response_format = coalesce(v_response_format, response_format),
         lease_expires_at = greatest(lease_expires_at, now() + make_interval(secs => lease_seconds))
   where id = p_job_id
  returning * into v_job;
  return next v_job;
end;
$$;

-- Adds to the job's ledger what the API billed for calls whose answer was not kept (cut off at the
-- token limit, invalid): tokens a saved chunk does not carry, but the daily token budget must
-- count. The worker records them when a chunk fails for good (before fail_job), is deferred to
-- the next invocation, or is stopped. Recorded while p_owner holds the job's lease (expired too:
-- no one else has claimed the job, so the calls were this run's), or once the job has ended
-- (failed, cancelled, completed: a cancel or the retry budget ends it under the run that billed
-- them, and clears the lease). Refused (false) while the job waits for a claim or another worker
-- holds it: that run keeps its own ledger. On the job only, not on a chunk: no chunk kept them.
create function public.talk_track_record_billed_usage(
  p_job_id uuid,
  p_owner text,
  p_tokens_in int,
  p_tokens_out int,
  p_tokens_reasoning int
)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  if p_tokens_in is null or p_tokens_out is null or p_tokens_reasoning is null
     or p_tokens_in < 0 or p_tokens_out < 0 or p_tokens_reasoning < 0 or p_tokens_reasoning > p_tokens_out then
    raise exception 'billed usage must be non-negative, reasoning within completion tokens (in %, out %, reasoning %)',
      p_tokens_in, p_tokens_out, p_tokens_reasoning using errcode = '22023';
  end if;
  update public.talk_track_jobs
     set tokens_in = tokens_in + p_tokens_in,
         tokens_out = tokens_out + p_tokens_out,
         tokens_reasoning = tokens_reasoning + p_tokens_reasoning
   where id = p_job_id
     and (status in ('failed', 'cancelled', 'completed')
          or (status = 'processing' and lease_owner = p_owner));
  return found;
end;
$$;

-- Finishes the job under a live lease once every chunk is saved.
-- p_model and p_lanes (the worker's model and LLM calls in parallel per job), when given, add the
-- run's timing to talk_track_job_timings: wall time since the run started, over the slides of the
-- chunks saved in it (a retried job resumes, so its earlier chunks are not this run's work).
create function public.talk_track_complete_job(
  p_job_id uuid,
  p_owner text,
  p_result jsonb,
  p_model text default null,
  p_lanes int default null
)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
declare
  v_job public.talk_track_jobs;
  v_run_slides int;
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
  if p_model is not null and p_model <> '' and p_lanes >= 1 then
    select coalesce(sum(jsonb_array_length(c.output -> 'slides')), 0)::int into v_run_slides
      from public.talk_track_chunks c
     where c.job_id = p_job_id and c.created_at >= v_job.started_at;
    if v_run_slides > 0 then
      insert into public.talk_track_job_timings (model, lanes, slides, lane_seconds_per_slide)
      values (p_model, p_lanes, v_run_slides,
              extract(epoch from v_job.completed_at - v_job.started_at) * p_lanes / v_run_slides);
    end if;
  end if;
  -- The host's hook, in this transaction: if it raises, the job is not completed either.
  perform public.talk_track_on_job_completed(v_job);
  return next v_job;
end;
$$;

-- Gives up on the job under a live lease. Saved chunks stay, so a retry resumes after them —
-- unless the job spent its retry budget, when it fails as over budget (no retry would be taken,
-- so the message must not offer one).
create function public.talk_track_fail_job(
  p_job_id uuid,
  p_owner text,
  p_error_code text,
  p_error_message text,
  p_error_detail text default null
)
returns setof public.talk_track_jobs
language plpgsql
set search_path = ''
as $$
begin
  if p_error_code is null or p_error_code = '' then
    raise exception 'p_error_code must be set' using errcode = '22023';
  end if;
  if exists (select 1 from public.talk_track_locked_leased_job(p_job_id, p_owner)) then
    return query select * from public.talk_track_fail_over_budget(p_job_id);
    if found then
      return;
    end if;
  end if;
  return query
  update public.talk_track_jobs
     set status = 'failed',
         error_code = p_error_code,
         error_message = p_error_message,
         error_detail = p_error_detail,
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
-- skips them), error and timestamps of the previous run cleared. The retry budget is not reset:
-- a job that spent it → TT403. A retry makes a job active, so it counts against
-- max_active_jobs_per_user (TT429) like a start, but not against the starts per window.
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
  if v_job.llm_calls >= (select max_llm_calls_per_job from public.talk_track_settings) then
    raise exception 'This talk track job used its whole retry budget (% LLM calls)', v_job.llm_calls
      using errcode = 'TT403', detail = v_job.llm_calls::text;
  end if;
  -- The same per-user lock as a start, so a retry and a start cannot both pass the limit.
  perform pg_advisory_xact_lock(hashtextextended('talk_track_user:' || p_user_id::text, 0));
  select id into v_active_id from public.talk_track_jobs
    where user_id = v_job.user_id and deck_id = v_job.deck_id and status in ('pending', 'processing');
  if v_active_id is not null then
    raise exception 'Another talk track job is already running for this deck'
      using errcode = 'TT409', detail = v_active_id::text;
  end if;
  perform public.talk_track_check_start_limits(p_user_id, false);

  begin
    update public.talk_track_jobs
       set status = 'pending',
           error_code = null,
           error_message = null,
           error_detail = null,
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

-- How long a job of p_slide_count slides should take, in seconds, from history: the median of
-- the last 20 timings of the model the worker last finished a job with (the deployment's current
-- model) × the slides ÷ that run's lanes, to the nearest second. Null with no history. Also answered by a start
-- (talk_track_create_job), so a new job has it from its first snapshot.
create function public.talk_track_estimate_seconds(p_slide_count int)
returns int
language sql
stable
set search_path = ''
as $$
  with latest as (
    select model, lanes from public.talk_track_job_timings order by id desc limit 1
  ), recent as (
    select t.lane_seconds_per_slide
      from public.talk_track_job_timings t, latest
     where t.model = latest.model
     order by t.id desc
     limit 20
  )
  select round(percentile_cont(0.5) within group (order by recent.lane_seconds_per_slide)
              * p_slide_count / (select lanes from latest))::int
    from recent;
$$;

-- What a status read adds to the job, from other rows (so it cannot be a column):
--   queue_ahead: while the job waits in line for an LLM slot, the waiting jobs that started
--     before it (talk_track_waiting_ahead, the count talk_track_begin_llm_call answers); null when
--     it is not waiting.
--   estimated_seconds: talk_track_estimate_seconds while the job is pending or processing.
create function public.talk_track_job_outlook(p_job_id uuid)
returns table (queue_ahead int, estimated_seconds int)
language sql
stable
set search_path = ''
as $$
  select
    case when j.status = 'processing' and j.waiting_since is not null then
      public.talk_track_waiting_ahead(j.id)
    end,
    case when j.status in ('pending', 'processing') then public.talk_track_estimate_seconds(j.slide_count) end
  from public.talk_track_jobs j
  where j.id = p_job_id;
$$;

-------------------------------------------------------------------------------------------------
-- Maintenance
-------------------------------------------------------------------------------------------------

-- The one rule for "this job needs a worker", by the database's clock: processing whose lease ran
-- out (the worker died or was retired), or pending that no worker claimed within the grace (the
-- invocation was lost; null: 10 s, long enough for a cold start to claim). The sweep and a status
-- read's revival both ask it.
create function public.talk_track_job_is_stale(p_job_id uuid, p_pending_grace_seconds double precision default null)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((
    select (j.status = 'processing' and j.lease_expires_at < now())
        or (j.status = 'pending' and j.lease_owner is null
            and j.updated_at < now() - make_interval(secs => coalesce(p_pending_grace_seconds, 10)))
      from public.talk_track_jobs j
     where j.id = p_job_id), false);
$$;

-- The scheduled sweep (pg_cron + pg_net calling the function's /sweep on Supabase, a timer in
-- `npm run dev`): fails active jobs that spent their claims or retry budget, then returns the
-- stale jobs (talk_track_job_is_stale), oldest first. The caller only invokes.
create function public.talk_track_sweep_jobs(p_pending_grace_seconds int default null, p_limit int default 100)
returns setof uuid
language plpgsql
set search_path = ''
as $$
declare
  v_settings public.talk_track_settings;
  v_id uuid;
begin
  select * into strict v_settings from public.talk_track_settings;
  for v_id in
    select id from public.talk_track_jobs
     where (status = 'pending' or (status = 'processing' and lease_expires_at < now()))
       and (llm_calls >= v_settings.max_llm_calls_per_job or attempts >= v_settings.max_claims_per_job)
     for update skip locked
  loop
    perform public.talk_track_fail_over_budget(v_id);
  end loop;

  -- The status filter first, so the partial index on active jobs serves the scan.
  return query
  select j.id
    from public.talk_track_jobs j
   where j.status in ('pending', 'processing')
     and public.talk_track_job_is_stale(j.id, p_pending_grace_seconds)
   order by j.updated_at
   limit p_limit;
end;
$$;

-- A status read's revival of one job: true when the job is stale (talk_track_job_is_stale) and
-- was not revived within p_throttle_seconds (null: 5 s), and then the caller invokes a worker. The
-- claim keeps a job running once however many invoke it; the throttle keeps the polls of every
-- open tab from invoking on each read.
create function public.talk_track_revive_job(
  p_job_id uuid,
  p_pending_grace_seconds double precision default null,
  p_throttle_seconds double precision default null
)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  if not public.talk_track_job_is_stale(p_job_id, p_pending_grace_seconds) then
    return false;
  end if;
  insert into public.talk_track_revivals as r (job_id, revived_at)
  values (p_job_id, now())
  on conflict (job_id) do update set revived_at = excluded.revived_at
   where r.revived_at <= now() - make_interval(secs => coalesce(p_throttle_seconds, 5));
  return found;
end;
$$;

-- The completion hook: called by talk_track_complete_job with the completed row, in the same
-- transaction. It does nothing here; a host replaces it (create or replace function …, same
-- signature) to copy the result into its own tables. If it raises, the completion rolls back
-- and the worker retries the completion later, so a failing hook loses nothing.
create function public.talk_track_on_job_completed(p_job public.talk_track_jobs)
returns void
language plpgsql
set search_path = ''
as $$
begin
  null;
end;
$$;

-- Retention, per talk_track_settings: failed and cancelled jobs (with their chunks) are deleted
-- cleanup_after after they finished; completed jobs keep their result but lose their input deck
-- and chunk rows then; completed jobs themselves are deleted only when delete_completed_after is
-- set; of the estimate's history, the newest 20 timings of each model stay. Returns the jobs
-- deleted.
create function public.talk_track_cleanup_jobs()
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_settings public.talk_track_settings;
  v_deleted integer;
  v_completed_deleted integer := 0;
begin
  select * into strict v_settings from public.talk_track_settings;
  delete from public.talk_track_jobs
   where status in ('failed', 'cancelled')
     and completed_at < now() - v_settings.cleanup_after;
  get diagnostics v_deleted = row_count;

  delete from public.talk_track_chunks c
   using public.talk_track_jobs j
   where j.id = c.job_id and j.status = 'completed' and j.completed_at < now() - v_settings.cleanup_after;
  update public.talk_track_jobs
     set input = null
   where status = 'completed' and input is not null and completed_at < now() - v_settings.cleanup_after;

  -- A revival older than any throttle only marks a job that ended or was claimed since.
  delete from public.talk_track_revivals where revived_at < now() - interval '1 day';

  -- The estimate reads the newest 20 timings of a model; older ones are only weight.
  delete from public.talk_track_job_timings t
   where t.id < (select min(k.id) from (select id from public.talk_track_job_timings k2
                                         where k2.model = t.model order by id desc limit 20) k);

  if v_settings.delete_completed_after is not null then
    delete from public.talk_track_jobs
     where status = 'completed' and completed_at < now() - v_settings.delete_completed_after;
    get diagnostics v_completed_deleted = row_count;
  end if;
  return v_deleted + v_completed_deleted;
end;
$$;

-------------------------------------------------------------------------------------------------
-- Function privileges: service_role only (Postgres grants EXECUTE to PUBLIC, Supabase also to
-- anon and authenticated, and PostgREST would expose them all as RPC).
-------------------------------------------------------------------------------------------------

revoke all on function
  public.talk_track_chunk_plan_is_valid(int[], int, int),
  public.talk_track_touch_updated_at(),
  public.talk_track_keep_settings_row(),
  public.talk_track_create_job(uuid, text, jsonb, int, int, text, int[]),
  public.talk_track_check_start_limits(uuid, boolean),
  public.talk_track_claim_job(uuid, text, int),
  public.talk_track_fail_over_budget(uuid),
  public.talk_track_begin_llm_call(uuid, text, int, int),
  public.talk_track_waiting_ahead(uuid),
  public.talk_track_end_llm_call(bigint),
  public.talk_track_lease_held(uuid, text),
  public.talk_track_heartbeat(uuid, text, int),
  public.talk_track_locked_leased_job(uuid, text),
  public.talk_track_save_chunk(uuid, text, int, jsonb, int, int, int, text),
  public.talk_track_record_billed_usage(uuid, text, int, int, int),
  public.talk_track_complete_job(uuid, text, jsonb, text, int),
  public.talk_track_estimate_seconds(int),
  public.talk_track_job_outlook(uuid),
  public.talk_track_fail_job(uuid, text, text, text, text),
  public.talk_track_release_job(uuid, text),
  public.talk_track_cancel_job(uuid, uuid),
  public.talk_track_retry_job(uuid, uuid),
  public.talk_track_job_is_stale(uuid, double precision),
  public.talk_track_sweep_jobs(int, int),
  public.talk_track_revive_job(uuid, double precision, double precision),
  public.talk_track_on_job_completed(public.talk_track_jobs),
  public.talk_track_cleanup_jobs()
from public, anon, authenticated;

grant execute on function
  public.talk_track_chunk_plan_is_valid(int[], int, int),
  public.talk_track_create_job(uuid, text, jsonb, int, int, text, int[]),
  public.talk_track_check_start_limits(uuid, boolean),
  public.talk_track_claim_job(uuid, text, int),
  public.talk_track_fail_over_budget(uuid),
  public.talk_track_begin_llm_call(uuid, text, int, int),
  public.talk_track_waiting_ahead(uuid),
  public.talk_track_end_llm_call(bigint),
  public.talk_track_lease_held(uuid, text),
  public.talk_track_heartbeat(uuid, text, int),
  public.talk_track_locked_leased_job(uuid, text),
  public.talk_track_save_chunk(uuid, text, int, jsonb, int, int, int, text),
  public.talk_track_record_billed_usage(uuid, text, int, int, int),
  public.talk_track_complete_job(uuid, text, jsonb, text, int),
  public.talk_track_estimate_seconds(int),
  public.talk_track_job_outlook(uuid),
  public.talk_track_fail_job(uuid, text, text, text, text),
  public.talk_track_release_job(uuid, text),
  public.talk_track_cancel_job(uuid, uuid),
  public.talk_track_retry_job(uuid, uuid),
  public.talk_track_job_is_stale(uuid, double precision),
  public.talk_track_sweep_jobs(int, int),
  public.talk_track_revive_job(uuid, double precision, double precision),
  public.talk_track_on_job_completed(public.talk_track_jobs),
  public.talk_track_cleanup_jobs()
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
