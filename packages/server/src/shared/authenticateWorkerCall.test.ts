import { describe, expect, it } from 'vitest';
import { authenticateWorkerCall, workerKeysFromEnv } from './authenticateWorkerCall.ts';

const SERVICE_ROLE = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJl';
const SECRET = 'sb_secret_abcdefghijklmnopqrstuv';
// A signed-in user's access token: a well-formed JWT with role "authenticated".
const USER_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMiLCJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.c2lnbmF0dXJl';

const call = (headers: Record<string, string>) => new Request('http://127.0.0.1/', { method: 'POST', headers });

describe('worker keys from the environment', () => {
  it('collects the worker key, every secret key and the service role key, worker key first, without duplicates', () => {
    const keys = workerKeysFromEnv({
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE,
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: SECRET, other: 'sb_secret_other' }),
      TALK_TRACK_WORKER_KEY: 'worker-key',
    });
    expect(keys).toEqual(['worker-key', SECRET, 'sb_secret_other', SERVICE_ROLE]);
    expect(workerKeysFromEnv({ SUPABASE_SECRET_KEYS: JSON.stringify({ a: SECRET, b: SECRET }) })).toEqual([SECRET]);
  });

  it('ignores a malformed SUPABASE_SECRET_KEYS and empty values', () => {
    expect(
      workerKeysFromEnv({
        SUPABASE_SECRET_KEYS: 'not json',
        SUPABASE_SERVICE_ROLE_KEY: ' ',
        TALK_TRACK_WORKER_KEY: '',
      }),
    ).toEqual([]);
    expect(workerKeysFromEnv({ SUPABASE_SECRET_KEYS: '["sb_secret_in_array"]' })).toEqual([]);
  });
});

describe('authenticating a worker call', () => {
  const keys = [SECRET, SERVICE_ROLE];

  it('accepts a key as a bearer token or in the apikey header', async () => {
    expect(await authenticateWorkerCall(call({ authorization: `Bearer ${SERVICE_ROLE}` }), keys)).toBe(true);
    expect(await authenticateWorkerCall(call({ apikey: SECRET }), keys)).toBe(true);
    expect(await authenticateWorkerCall(call({ authorization: `bearer ${SECRET}` }), keys)).toBe(true);
  });

  it("refuses no key, a wrong key, a key's prefix and a user's JWT", async () => {
    expect(await authenticateWorkerCall(call({}), keys)).toBe(false);
    expect(await authenticateWorkerCall(call({ authorization: 'Bearer sb_secret_wrong' }), keys)).toBe(false);
    expect(await authenticateWorkerCall(call({ apikey: SECRET.slice(0, -1) }), keys)).toBe(false);
    expect(await authenticateWorkerCall(call({ authorization: `Bearer ${USER_JWT}` }), keys)).toBe(false);
    expect(await authenticateWorkerCall(call({ authorization: SECRET }), keys)).toBe(false);
  });

  it('refuses everything when no key is configured', async () => {
    expect(await authenticateWorkerCall(call({ apikey: SECRET }), [])).toBe(false);
  });
});
