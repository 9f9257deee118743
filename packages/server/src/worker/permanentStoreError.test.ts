import { describe, expect, it } from 'vitest';
import { JobStoreError } from '../jobStore.ts';
import { permanentStoreError } from './permanentStoreError.ts';

describe('permanentStoreError', () => {
  it('names data, constraint, schema and trigger errors, from either driver', () => {
    expect(permanentStoreError(Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }))).toBe('22P05');
    expect(permanentStoreError(new Error('save failed', { cause: { code: '23514', message: 'check' } }))).toBe('23514');
    expect(permanentStoreError({ code: '42883' })).toBe('42883');
    expect(permanentStoreError({ code: 'P0001' })).toBe('P0001');
  });

  it('leaves transient trouble alone', () => {
    expect(permanentStoreError(new JobStoreError('unavailable', 'down'))).toBeNull();
    expect(permanentStoreError({ code: '40001' })).toBeNull();
    expect(permanentStoreError({ code: 'ECONNRESET' })).toBeNull();
    expect(permanentStoreError(new Error('boom'))).toBeNull();
  });
});
