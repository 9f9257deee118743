import type { StateStorage } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { PERSIST_VERSION, partializeJobs, restoreJobs } from './persistedJobs.ts';
import type { TrackedJobs } from './trackedJob.ts';

export interface TrackedJobsState {
  jobs: TrackedJobs;
  /** False until the persisted jobs were read (after mount, so server HTML and first render agree). */
  hydrated: boolean;
  /** Decks with nothing stored whose latest job is being asked of the server (never persisted). */
  finding: readonly string[];
}

export type TrackedJobsStore = StoreApi<TrackedJobsState> & {
  persist: { rehydrate(): Promise<void>; hasHydrated(): boolean; clearStorage(): void };
};

export interface TrackedJobsStoreOptions {
  /** localStorage key. Default `DEFAULT_STORAGE_KEY`; include the user id when users share a browser. */
  name?: string;
  /** Default: `localStorage`, when the platform has one; nothing is persisted otherwise. Read synchronously. */
  storage?: StateStorage | null;
}

export const DEFAULT_STORAGE_KEY = 'talk-track';

/**
 * The vanilla Zustand store of tracked jobs, persisted as `{ state, version }` (zustand's persist
 * format). It never reads storage by itself: call `store.persist.rehydrate()` after mount, so the
 * server's HTML and the first client render agree.
 *
 * The persistence is these few lines rather than zustand's `persist` middleware: the middleware is
 * a quarter of the client's bundle, and what it adds (async storages, listeners, options at run
 * time) is unused here. What matters is kept: versioned entries (another version's dropped), only
 * `partializeJobs` stored, anything unreadable dropped, a full or refused storage never fatal.
 */
export function createTrackedJobsStore(options: TrackedJobsStoreOptions = {}): TrackedJobsStore {
  const name = options.name ?? DEFAULT_STORAGE_KEY;
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const store = createStore<TrackedJobsState>()(() => ({ jobs: {}, hydrated: false, finding: [] }));

  // Every change of the jobs is written whole, once the stored ones were read: before that, a
  // write would erase them. The first write after reading also replaces an unreadable or
  // old-version entry with a clean one.
  store.subscribe((state, previous) => {
    if (state.hydrated && state.jobs !== previous.jobs) {
      attempt(() =>
        storage?.setItem(name, JSON.stringify({ state: partializeJobs(state.jobs), version: PERSIST_VERSION })),
      );
    }
  });

  return Object.assign(store, {
    persist: {
      hasHydrated: () => store.getState().hydrated,
      async rehydrate() {
        // Not JSON, or storage refusing to be read: nothing stored.
        const stored = attempt(() => JSON.parse(storage?.getItem(name) as string)) as
          { state?: unknown; version?: number } | null | undefined;
        // Another version's entry (or none, or not ours) is unreadable to us: start clean.
        const state = stored?.version === PERSIST_VERSION ? stored.state : null;
        // Jobs this tab already learned about before hydration are newer than the stored copies.
        store.setState(({ jobs }) => ({ jobs: { ...restoreJobs(state), ...jobs }, hydrated: true }));
      },
      clearStorage: () => attempt(() => storage?.removeItem(name)),
    },
  });
}

/**
 * `localStorage` in a browser, `null` elsewhere. Server runtimes may have a `localStorage` of their
 * own (Node ≥ 22 behind a flag, Deno): one shared by every request is not a person's browser.
 */
export function browserStorage(): StateStorage | null {
  return (
    attempt(() =>
      typeof document === 'undefined' ? null : (globalThis as { localStorage?: StateStorage }).localStorage,
    ) ?? null
  );
}

/** Storage throws where it is disabled (sandboxed iframes, some private modes) or full: the in-memory state is still right. */
function attempt<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
