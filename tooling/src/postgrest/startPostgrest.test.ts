import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/testDatabase.ts';
import { createStandInClient } from './createStandInClient.ts';
import { signJwt } from './jwt.ts';
import { startPostgrest, type PostgrestServer } from './startPostgrest.ts';
import { supabaseKeys, TEST_JWT_SECRET } from './supabaseKeys.ts';

// A small schema of its own, so these tests pin the stand-in's wire format independently of the
// talk track migration (whose adapter tests live beside supabaseJobStore.ts).
const FIXTURE = `
  create table public.notes (
    id serial primary key, owner uuid not null, body text not null, meta jsonb,
    created_at timestamptz not null default now());
  alter table public.notes enable row level security;
  create policy "Owners read their notes" on public.notes for select to authenticated using ((select auth.uid()) = owner);
  revoke all on public.notes from anon, authenticated;
  grant select on public.notes to authenticated;

  create function public.add_note(p_owner uuid, p_body text, p_meta jsonb default null) returns public.notes
    language sql as $$ insert into public.notes (owner, body, meta) values (p_owner, p_body, p_meta) returning * $$;
  create function public.add_notes(p_owner uuid, p_count int) returns setof public.notes
    language sql as $$ insert into public.notes (owner, body) select p_owner, 'note ' || g from generate_series(1, p_count) g returning * $$;
  create function public.note_ids(p_owner uuid) returns setof int
    language sql stable as $$ select id from public.notes where owner = p_owner order by id $$;
  create function public.count_notes() returns integer language sql stable as $$ select count(*)::int from public.notes $$;
  create function public.whoami() returns jsonb language sql stable
    as $$ select jsonb_build_object('role', current_user, 'uid', auth.uid(), 'method', current_setting('request.method', true)) $$;
  create function public.refuse(p_detail text) returns void language plpgsql
    as $$ begin raise exception 'Refused on purpose' using errcode = 'TT409', detail = p_detail, hint = 'It always refuses.'; end $$;
  create function public.service_only() returns text language sql as $$ select 'ok' $$;
  revoke all on function public.service_only() from public, anon, authenticated;
  grant execute on function public.service_only() to service_role;
`;

const keys = supabaseKeys();
const OPAQUE_SECRET = 'sb_secret_standin_0123456789';
const alice = randomUUID();
const bob = randomUUID();

const db = useTestDatabase();
let server: PostgrestServer;
let service: SupabaseClient;

const clientFor = (apiKey: string, accessToken?: string) => createStandInClient(server.url, apiKey, accessToken);

beforeAll(async () => {
  await db.sql.unsafe(FIXTURE);
  server = await startPostgrest({
    databaseUrl: db.url,
    jwtSecret: TEST_JWT_SECRET,
    opaqueKeys: { [OPAQUE_SECRET]: 'service_role' },
  });
  service = clientFor(keys.serviceRoleKey);
});

afterAll(async () => {
  await server?.stop();
});

describe('POST /rest/v1/rpc/<fn>', () => {
  it('passes named arguments with their SQL types and answers a single composite as an object', async () => {
    const { data, error, status } = await service.rpc('add_note', {
      p_owner: alice,
      p_body: 'hello',
      p_meta: { tags: ['a'], n: 1 },
    });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toMatchObject({ owner: alice, body: 'hello', meta: { tags: ['a'], n: 1 } });
    expect(new Date(data.created_at).toISOString()).toBeTruthy();
    expect(data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  });

  it('leaves out arguments that have defaults', async () => {
    const { data, error } = await service.rpc('add_note', { p_owner: bob, p_body: 'no meta' });
    expect(error).toBeNull();
    expect(data.meta).toBeNull();
  });

  it('answers setof as an array, and a scalar as a bare value', async () => {
    const ids = await service.rpc('note_ids', { p_owner: alice });
    expect(ids.error).toBeNull();
    expect(ids.data).toEqual([expect.any(Number)]);
    const count = await service.rpc('count_notes');
    expect(count.data).toBe(2);
  });

  it('passes a custom SQLSTATE through as 400 with message, details and hint', async () => {
    const { data, error, status } = await service.rpc('refuse', { p_detail: 'the-detail' });
    expect(data).toBeNull();
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'TT409',
      message: 'Refused on purpose',
      details: 'the-detail',
      hint: 'It always refuses.',
    });
  });

  it('answers PGRST202 (404) for an unknown function or unknown argument names', async () => {
    const unknown = await service.rpc('no_such_function');
    expect(unknown.status).toBe(404);
    expect(unknown.error?.code).toBe('PGRST202');
    const wrongArgs = await service.rpc('add_note', { p_owner: alice, p_text: 'x' });
    expect(wrongArgs.error?.code).toBe('PGRST202');
  });

  it('with .single() on a set of two rows answers PGRST116 and rolls the call back', async () => {
    const before = await service.rpc('count_notes');
    const { error, status } = await service.rpc('add_notes', { p_owner: alice, p_count: 2 }).single();
    expect(status).toBe(406);
    expect(error?.code).toBe('PGRST116');
    expect((await service.rpc('count_notes')).data).toBe(before.data);
  });

  it('runs as the token role: a function granted to service_role only is refused to users (403) and anon (401)', async () => {
    expect((await service.rpc('service_only')).data).toBe('ok');
    const asUser = await clientFor(keys.anonKey, keys.accessTokenFor(alice)).rpc('service_only');
    expect(asUser.status).toBe(403);
    expect(asUser.error?.code).toBe('42501');
    const asAnon = await clientFor(keys.anonKey).rpc('service_only');
    expect(asAnon.status).toBe(401);
    expect(asAnon.error?.code).toBe('42501');
  });

  it('sets role and request.jwt.claims for the transaction, so auth.uid() is the caller', async () => {
    const asAlice = await clientFor(keys.anonKey, keys.accessTokenFor(alice)).rpc('whoami');
    expect(asAlice.data).toEqual({ role: 'authenticated', uid: alice, method: 'POST' });
    const asService = await service.rpc('whoami');
    expect(asService.data).toEqual({ role: 'service_role', uid: null, method: 'POST' });
    const asAnon = await clientFor(keys.anonKey).rpc('whoami');
    expect(asAnon.data).toEqual({ role: 'anon', uid: null, method: 'POST' });
  });
});

describe('GET /rest/v1/<table>', () => {
  it('filters, orders and limits', async () => {
    await service.rpc('add_notes', { p_owner: bob, p_count: 3 });
    const { data, error } = await service
      .from('notes')
      .select('id, body')
      .eq('owner', bob)
      .order('id', { ascending: false })
      .limit(2);
    expect(error).toBeNull();
    expect(data).toHaveLength(2);
    expect(Object.keys(data![0]!)).toEqual(['id', 'body']);
    expect(data![0]!.id).toBeGreaterThan(data![1]!.id);
  });

  it('supports in, neq, is and like', async () => {
    const inList = await service.from('notes').select('body').in('body', ['note 1', 'note 2']).eq('owner', bob);
    expect(inList.data?.map((row) => row.body).sort()).toEqual(['note 1', 'note 2']);
    const notNull = await service.from('notes').select('id').not('meta', 'is', null);
    expect(notNull.data).toHaveLength(1);
    const like = await service
      .from('notes')
      .select('body')
      .like('body', 'note *')
      .neq('body', 'note 3')
      .eq('owner', bob);
    expect(like.data).toHaveLength(2);
  });

  it('.single() answers PGRST116 (406) unless exactly one row matches; .maybeSingle() gives null for none', async () => {
    const none = await service.from('notes').select().eq('owner', randomUUID()).single();
    expect(none.status).toBe(406);
    expect(none.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 0 rows' });
    const one = await service.from('notes').select('body').eq('owner', alice).eq('body', 'hello').single();
    expect(one.data).toEqual({ body: 'hello' });
    const maybe = await service.from('notes').select().eq('owner', randomUUID()).maybeSingle();
    expect(maybe).toMatchObject({ data: null, error: null });
  });

  it('applies RLS: a user reads only their own rows, anon is refused, service_role reads all', async () => {
    const asAlice = await clientFor(keys.anonKey, keys.accessTokenFor(alice)).from('notes').select('owner');
    expect(asAlice.error).toBeNull();
    expect(asAlice.data!.length).toBeGreaterThan(0);
    expect(new Set(asAlice.data!.map((row) => row.owner))).toEqual(new Set([alice]));

    const asAnon = await clientFor(keys.anonKey).from('notes').select();
    expect(asAnon.status).toBe(401);
    expect(asAnon.error?.code).toBe('42501');

    const all = await service.from('notes').select('owner');
    expect(new Set(all.data!.map((row) => row.owner))).toEqual(new Set([alice, bob]));
  });

  it('reports an exact count in Content-Range when asked', async () => {
    const { count, data } = await service.from('notes').select('id', { count: 'exact' }).eq('owner', bob).limit(1);
    expect(data).toHaveLength(1);
    expect(count).toBe(4);
  });

  it('answers 400 for a value of the wrong type and PGRST100 for syntax it does not support', async () => {
    const badUuid = await service.from('notes').select().eq('owner', 'not-a-uuid');
    expect(badUuid.status).toBe(400);
    expect(badUuid.error?.code).toBe('22P02');
    const embedding = await service.from('notes').select('id, other(*)');
    expect(embedding.error?.code).toBe('PGRST100');
  });
});

describe('authentication', () => {
  const raw = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

  it('refuses a request without an API key, or with an unknown one', async () => {
    const missing = await raw('/rest/v1/notes', {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: 'No API key found in request' });
    const wrong = await raw('/rest/v1/notes', { apikey: signJwt({ role: 'service_role' }, 'another-secret') });
    expect(wrong.status).toBe(401);
  });

  it('answers PGRST301 for a forged token and PGRST303 for an expired one', async () => {
    const forged = await clientFor(keys.anonKey, signJwt({ role: 'service_role' }, 'another-secret'))
      .from('notes')
      .select();
    expect(forged.status).toBe(401);
    expect(forged.error?.code).toBe('PGRST301');
    const expired = await clientFor(keys.anonKey, keys.accessTokenFor(alice, -120)).from('notes').select();
    expect(expired.status).toBe(401);
    expect(expired.error).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
  });

  it('refuses alg "none" tokens and roles outside the allowed set', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"service_role"}').toString('base64url')}.`;
    const unsigned = await raw('/rest/v1/notes', { apikey: keys.anonKey, authorization: `Bearer ${none}` });
    expect(unsigned.status).toBe(401);
    const superuser = await clientFor(keys.anonKey, signJwt({ role: 'postgres' }, TEST_JWT_SECRET))
      .from('notes')
      .select();
    expect(superuser.status).toBe(401);
  });

  it('accepts an opaque sb_secret key as the service role, in apikey and as bearer', async () => {
    const client = clientFor(OPAQUE_SECRET);
    const { data } = await client.rpc('whoami');
    expect(data).toMatchObject({ role: 'service_role' });
  });

  it("answers in PostgREST's media types", async () => {
    const list = await raw('/rest/v1/notes?select=id&limit=1', { apikey: keys.serviceRoleKey });
    expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(list.headers.get('content-range')).toBe('0-0/*');
    const object = await raw(`/rest/v1/notes?select=body&owner=eq.${alice}&body=eq.hello`, {
      apikey: keys.serviceRoleKey,
      accept: 'application/vnd.pgrst.object+json',
    });
    expect(object.headers.get('content-type')).toBe('application/vnd.pgrst.object+json; charset=utf-8');
    expect(await object.json()).toEqual({ body: 'hello' });
  });
});
