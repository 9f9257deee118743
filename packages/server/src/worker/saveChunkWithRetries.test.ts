import { describe, expect, it } from 'vitest';
import { type JobRecord, type JobStore, JobStoreError } from '../jobStore.ts';
import { saveChunkWithRetries } from './saveChunkWithRetries.ts';
import type { Clock } from '../shared/clock.ts';
import { silentLogger } from '../shared/logger.ts';

const SAVED = { id: 'job-1', status: 'processing' } as JobRecord;
const unavailable = () => new JobStoreError('unavailable', 'The job database is unavailable (57P01)');

/** A store whose saveChunk answers from a script: an error to throw, or a row (or null) to return. */
function scriptedStore(script: (Error | JobRecord | null)[]): JobStore & { saves: number } {
  const store = {
    saves: 0,
    async saveChunk() {
      const next = script[store.saves++];
      if (next instanceof Error) throw next;
      return next ?? null;
    },
  };
  return store as unknown as JobStore & { saves: number };
}

/** Sleeps take no time; the waits asked for are recorded. */
function recordingClock(onSleep: () => void = () => {}): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => 0, sleep: async (ms) => void (slept.push(ms), onSleep()) };
}

const options = (store: JobStore, clock: Clock, signal = new AbortController().signal) => ({
  store,
  jobId: 'job-1',
  owner: 'worker-1',
  chunkIndex: 3,
  output: { slides: [], opening: null, closing: null },
  clock,
  signal,
  log: silentLogger,
  delaysMs: [10, 20, 40],
});

describe('saveChunkWithRetries', () => {
  it('waits out an unavailable database and saves once it is back', async () => {
    const store = scriptedStore([unavailable(), unavailable(), SAVED]);
    const clock = recordingClock();
    expect(await saveChunkWithRetries(options(store, clock))).toBe(SAVED);
    expect(store.saves).toBe(3);
    expect(clock.slept).toEqual([10, 20]);
  });

  it('gives up with the last error when the database stays away', async () => {
    const store = scriptedStore([unavailable(), unavailable(), unavailable(), unavailable()]);
    await expect(saveChunkWithRetries(options(store, recordingClock()))).rejects.toMatchObject({ code: 'unavailable' });
    expect(store.saves).toBe(4);
  });

  it('rethrows anything but unavailability at once', async () => {
    const store = scriptedStore([new Error('column "output" is of type jsonb'), SAVED]);
    await expect(saveChunkWithRetries(options(store, recordingClock()))).rejects.toThrow(/jsonb/);
    expect(store.saves).toBe(1);
  });

  it('answers null, as for a lost lease, when the run is stopped while it waits', async () => {
    const stop = new AbortController();
    const store = scriptedStore([unavailable(), SAVED]);
    expect(await saveChunkWithRetries(options(store, recordingClock(() => stop.abort()), stop.signal))).toBeNull();
    expect(store.saves).toBe(1);
  });

  it('passes a lost lease (null) straight through', async () => {
    expect(await saveChunkWithRetries(options(scriptedStore([null]), recordingClock()))).toBeNull();
  });
});
