import { createJSONStorage, persist, type PersistStorage, type StateStorage } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { PERSIST_VERSION, migratePersisted, partializeJobs, restoreJobs, type PersistedState } from './persistedJobs.ts';
import type { TrackedJobs } from './trackedJob.ts';

export interface TalkTrackState {
  jobs: TrackedJobs;
  /** False until the persisted jobs were read (after mount, so server HTML and first render agree). */
  hydrated: boolean;
}

export type JobStoreApi = StoreApi<TalkTrackState> & {
  persist: { rehydrate(): Promise<void>; hasHydrated(): boolean; clearStorage(): void };
};

export interface JobStoreOptions {
  /** localStorage key. Default `DEFAULT_STORAGE_KEY`; include the user id when users share a browser. */
  name?: string;
  /** Default: `localStorage`, when the platform has one; nothing is persisted otherwise. */
  storage?: StateStorage | null;
}

export const DEFAULT_STORAGE_KEY = 'talk-track';

/**
 * The vanilla Zustand store of tracked jobs, persisted. It never reads storage by itself
 * (`skipHydration`): call `store.persist.rehydrate()` after mount.
 */
export function createJobStore(options: JobStoreOptions = {}): JobStoreApi {
  const name = options.name ?? DEFAULT_STORAGE_KEY;
  return createStore<TalkTrackState>()(
    persist<TalkTrackState, [], [], PersistedState>(() => ({ jobs: {}, hydrated: false }), {
      name,
      version: PERSIST_VERSION,
      skipHydration: true,
      storage: forgivingStorage(options.storage === undefined ? defaultStorage : () => options.storage ?? noStorage()),
      partialize: (state) => partializeJobs(state.jobs),
      migrate: migratePersisted,
      merge: (persisted, current) => ({
        // Jobs this tab already learned about before hydration are newer than the stored copies.
        jobs: { ...restoreJobs(persisted), ...current.jobs },
        hydrated: true,
      }),
    }),
  ) as unknown as JobStoreApi;
}

/**
 * `localStorage` in a browser, `null` elsewhere. Server runtimes may have a `localStorage` of their
 * own (Node ≥ 22 behind a flag, Deno): one shared by every request is not a person's browser.
 */
export function browserStorage(): StateStorage | null {
  try {
    if (typeof document === 'undefined') return null;
    return (globalThis as { localStorage?: StateStorage }).localStorage ?? null;
  } catch {
    // Reading it throws where storage is disabled (sandboxed iframes, some private modes).
    return null;
  }
}

function defaultStorage(): StateStorage {
  return browserStorage() ?? noStorage();
}

function noStorage(): StateStorage {
  return { getItem: () => null, setItem: () => {}, removeItem: () => {} };
}

/**
 * JSON storage that cannot take the app down: unparseable or foreign values are removed and read
 * as "nothing stored"; a full or refused storage only loses persistence, never the update.
 */
function forgivingStorage(getStorage: () => StateStorage): PersistStorage<PersistedState> {
  const json = createJSONStorage<PersistedState>(() => {
    try {
      return getStorage();
    } catch {
      return noStorage();
    }
  })!;
  return {
    getItem(key) {
      try {
        const value = json.getItem(key) as ReturnType<PersistStorage<PersistedState>['getItem']>;
        if (value === null || (typeof value === 'object' && 'state' in value && typeof value.version === 'number')) return value;
      } catch {
        // Not JSON: fall through and drop it.
      }
      swallow(() => json.removeItem(key));
      return null;
    },
    setItem: (key, value) => swallow(() => json.setItem(key, value)),
    removeItem: (key) => swallow(() => json.removeItem(key)),
  };
}

function swallow(action: () => unknown): void {
  try {
    action();
  } catch {
    // QuotaExceededError or SecurityError: the in-memory state is still right.
  }
}
