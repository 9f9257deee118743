import { describe, expect, it, vi } from 'vitest';
import type { JobSnapshot } from '../api.ts';
import { applyJobEvent } from './applyJobEvent.ts';
import { createTrackedJobsStore, type TrackedJobsStore } from './trackedJobsStore.ts';
import { PERSIST_VERSION } from './persistedJobs.ts';
import { createMemoryStorage } from '@talk-track/testing';

const KEY = 'talk-track';

function snapshot(patch: Partial<JobSnapshot> = {}): JobSnapshot {
  const slide = {
    index: 0,
    title: 'Intro',
    script: 'Hello there.',
    keyPoints: [],
    transition: 'Next.',
    durationSeconds: 30,
  };
  return {
    id: 'job-1',
    deckId: 'deck-1',
    status: 'processing',
    progress: 40,
    currentChunk: 2,
    totalChunks: 5,
    slideCount: 25,
    slides: [slide],
    result: null,
    error: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z',
    completedAt: null,
    updatedAt: '2026-01-01T00:00:20.000Z',
    ...patch,
  };
}

function track(store: TrackedJobsStore, s: JobSnapshot) {
  store.setState({ jobs: applyJobEvent(store.getState().jobs, { type: 'snapshot', snapshot: s, at: 1_000 }) });
}

describe('createTrackedJobsStore', () => {
  it('does not read storage until asked, so the server and the first client render agree', async () => {
    const storage = createMemoryStorage();
    track(hydratedStore(storage), snapshot());
    const store = createTrackedJobsStore({ storage });
    expect(store.getState()).toEqual({ jobs: {}, hydrated: false, finding: [] });
    expect(store.persist.hasHydrated()).toBe(false);
    await store.persist.rehydrate();
    expect(store.getState().hydrated).toBe(true);
    expect(store.persist.hasHydrated()).toBe(true);
    expect(store.getState().jobs['deck-1']).toMatchObject({
      jobId: 'job-1',
      status: 'processing',
      progress: 40,
      fresh: false,
      slides: [],
    });
  });

  it('persists what a reload needs, versioned, and leaves the slides and the result to the server', () => {
    const storage = createMemoryStorage();
    const store = hydratedStore(storage);
    track(store, snapshot());
    const stored = JSON.parse(storage.getItem(KEY) as string);
    expect(stored.version).toBe(PERSIST_VERSION);
    expect(Object.keys(stored.state.jobs['deck-1']).sort()).toEqual([
      'completedAt',
      'createdAt',
      'currentChunk',
      'deckId',
      'error',
      'jobId',
      'pace',
      'progress',
      'slideCount',
      'startedAt',
      'status',
      'totalChunks',
      'updatedAt',
      'watched',
    ]);
  });

  it.each([
    ['not JSON', '{"state": {"jobs": '],
    ['JSON of another shape', '"hello"'],
    ['an envelope without a version', JSON.stringify({ state: { jobs: {} } })],
  ])('drops an entry that is %s and starts empty', async (_label, value) => {
    const storage = createMemoryStorage({ [KEY]: value });
    const store = createTrackedJobsStore({ storage });
    await store.persist.rehydrate();
    expect(store.getState()).toEqual({ jobs: {}, hydrated: true, finding: [] });
    expect(JSON.parse(storage.getItem(KEY) as string)).toEqual({ state: { jobs: {} }, version: PERSIST_VERSION });
  });

  it('writes nothing before hydration, so a job learned early does not erase the stored ones, and keeps both', async () => {
    const storage = createMemoryStorage();
    track(hydratedStore(storage), snapshot());
    const store = createTrackedJobsStore({ storage });
    track(store, snapshot({ id: 'job-2', deckId: 'deck-2' }));
    expect(JSON.parse(storage.getItem(KEY) as string).state.jobs).toHaveProperty('deck-1');
    await store.persist.rehydrate();
    expect(Object.keys(store.getState().jobs).sort()).toEqual(['deck-1', 'deck-2']);
    expect(Object.keys(JSON.parse(storage.getItem(KEY) as string).state.jobs).sort()).toEqual(['deck-1', 'deck-2']);
  });

  it('keeps what this tab learned before hydration over the stored copy of the same deck', async () => {
    const storage = createMemoryStorage();
    track(hydratedStore(storage), snapshot({ progress: 40 }));
    const store = createTrackedJobsStore({ storage });
    track(store, snapshot({ progress: 60, currentChunk: 3, updatedAt: '2026-01-01T00:00:30.000Z' }));
    await store.persist.rehydrate();
    expect(store.getState().jobs['deck-1']).toMatchObject({ progress: 60, fresh: true });
  });

  it('does not write when only the lookups in flight change', async () => {
    const storage = createMemoryStorage();
    const store = hydratedStore(storage);
    const writes = vi.spyOn(storage, 'setItem');
    store.setState({ finding: ['deck-1'] });
    expect(writes).not.toHaveBeenCalled();
    store.persist.clearStorage();
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('reads nothing and throws nothing where storage refuses to be read', async () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {},
      removeItem: () => {},
    };
    const store = createTrackedJobsStore({ storage: refusing });
    await expect(store.persist.rehydrate()).resolves.toBeUndefined();
    expect(store.getState()).toMatchObject({ jobs: {}, hydrated: true });
  });

  it('drops an entry of another version through migrate', async () => {
    const old = {
      state: { jobs: { 'deck-1': { jobId: 'job-1', deckId: 'deck-1', status: 'processing' } } },
      version: 0,
    };
    const storage = createMemoryStorage({ [KEY]: JSON.stringify(old) });
    const store = createTrackedJobsStore({ storage });
    await store.persist.rehydrate();
    expect(store.getState()).toEqual({ jobs: {}, hydrated: true, finding: [] });
    expect(JSON.parse(storage.getItem(KEY) as string)).toEqual({ state: { jobs: {} }, version: PERSIST_VERSION });
  });

  it('keeps the sound jobs of a damaged entry and drops the broken ones', async () => {
    const storage = createMemoryStorage();
    track(hydratedStore(storage), snapshot());
    const stored = JSON.parse(storage.getItem(KEY) as string);
    stored.state.jobs['deck-2'] = { ...stored.state.jobs['deck-1'], deckId: 'deck-2', status: 'exploded' };
    stored.state.jobs['deck-3'] = 'not a job';
    storage.setItem(KEY, JSON.stringify(stored));
    const store = createTrackedJobsStore({ storage });
    await store.persist.rehydrate();
    expect(Object.keys(store.getState().jobs)).toEqual(['deck-1']);
  });

  it('keeps working when storage refuses to write', () => {
    const store = createTrackedJobsStore({
      storage: {
        getItem: () => null,
        setItem: () => {
          throw new DOMException('full', 'QuotaExceededError');
        },
        removeItem: () => {},
      },
    });
    expect(() => track(store, snapshot())).not.toThrow();
    expect(store.getState().jobs['deck-1']?.progress).toBe(40);
  });

  it('works where there is no storage at all', async () => {
    const warn = vi.spyOn(console, 'warn');
    const store = createTrackedJobsStore({ storage: null });
    await store.persist.rehydrate();
    track(store, snapshot());
    expect(store.getState().jobs['deck-1']?.status).toBe('processing');
    expect(warn).not.toHaveBeenCalled();
  });
});

function hydratedStore(storage: ReturnType<typeof createMemoryStorage>): TrackedJobsStore {
  const store = createTrackedJobsStore({ storage });
  void store.persist.rehydrate();
  return store;
}
