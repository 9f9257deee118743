import { describe, expect, it } from 'vitest';
import { JobStoreError } from '../jobStore.ts';
import { jobStoreErrorFrom, storeFailureKind } from './jobStoreErrorFrom.ts';
import { supabaseJobStoreError } from './supabaseJobStoreError.ts';

// What each adapter hands over for one database code: postgres.js an error with `code` and
// `detail`; supabase-js a PostgREST body with `code` and `details` (HTTP 400, so the status decides nothing).
const fromPostgres = (code: string) =>
  jobStoreErrorFrom(Object.assign(new Error(`raised ${code}`), { code, detail: '' }));
const fromSupabase = (code: string) =>
  supabaseJobStoreError('talk_track_save_chunk', { code, message: `raised ${code}`, details: null, hint: null }, 400);
const verdict = (error: unknown) =>
  error instanceof JobStoreError ? { code: error.code, sqlState: error.sqlState } : 'not a JobStoreError';

describe('one store-error classification for both adapters', () => {
  it.each([
    ['57P01', 'unavailable'],
    ['57P02', 'unavailable'],
    ['57P03', 'unavailable'],
    ['53300', 'unavailable'],
    ['57014', 'unavailable'],
    ['40001', 'unavailable'],
    ['40P01', 'unavailable'],
    ['08006', 'unavailable'],
    ['PGRST000', 'unavailable'],
    ['PGRST001', 'unavailable'],
    ['PGRST002', 'unavailable'],
    ['PGRST003', 'unavailable'],
    ['ECONNRESET', 'unavailable'],
    ['22P05', 'rejected'],
    ['22023', 'rejected'],
    ['23514', 'rejected'],
    ['42883', 'rejected'],
    ['P0001', 'rejected'],
    ['TT409', 'job_already_active'],
    ['TT422', 'invalid_transition'],
    ['TT403', 'retry_budget_exhausted'],
    ['TT429', 'limit_reached'],
  ])('%s → %s, the same from postgres.js and supabase-js', (code, kind) => {
    expect(verdict(fromPostgres(code))).toMatchObject({ code: kind });
    expect(verdict(fromSupabase(code))).toEqual(verdict(fromPostgres(code)));
  });

  it('names the SQLSTATE of a rejected statement, so the worker never reads the driver error', () => {
    expect(fromPostgres('22P05')).toMatchObject({
      code: 'rejected',
      sqlState: '22P05',
      message: expect.stringContaining('raised 22P05'),
    });
    expect(fromSupabase('22P05')).toMatchObject({
      code: 'rejected',
      sqlState: '22P05',
      message: expect.stringContaining('raised 22P05'),
    });
    expect(fromPostgres('57P01')).toMatchObject({ code: 'unavailable', sqlState: undefined });
  });

  it('leaves a code of neither kind to surface as the bug it is', () => {
    for (const code of ['XX000', 'PGRST116', '0A000']) {
      expect(storeFailureKind(code)).toBeNull();
      expect(fromPostgres(code)).not.toBeInstanceOf(JobStoreError);
      expect(fromSupabase(code)).not.toBeInstanceOf(JobStoreError);
    }
    const plain = new Error('boom');
    expect(jobStoreErrorFrom(plain)).toBe(plain);
  });

  it('counts a supabase-js network failure or gateway 5xx as unavailable whatever the code', () => {
    expect(supabaseJobStoreError('talk_track_get_job', { message: 'fetch failed' }, 0)).toMatchObject({
      code: 'unavailable',
    });
    expect(supabaseJobStoreError('talk_track_get_job', { message: 'Bad Gateway' }, 502)).toMatchObject({
      code: 'unavailable',
    });
  });
});
