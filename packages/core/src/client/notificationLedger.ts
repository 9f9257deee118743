import type { StateStorage } from 'zustand/middleware';
import type { LockManagerLike } from './locks.ts';

/** Enough to cover every job a person runs in weeks; older keys only matter if such a job were tracked again. */
export const LEDGER_CAPACITY = 200;

/**
 * Which job endings were already announced, across reloads and tabs. A key goes in once
 * (`claim` answers true exactly once per key per origin): the read-check-write runs under one
 * Web Lock, so two tabs claiming the same key at the same moment cannot both win. The ledger has
 * its own storage key, apart from the job store, because every tab rewrites the job store whole
 * and a tab with a stale view would otherwise erase another's mark.
 */
export interface NotificationLedger {
  claim(key: string): Promise<boolean>;
}

export interface NotificationLedgerOptions {
  name: string;
  storage: StateStorage | null;
  /** Without locks (old browsers) the check-and-write is still immediate, leaving a window of a few microseconds between tabs. */
  locks?: LockManagerLike;
}

export function createNotificationLedger({ name, storage, locks }: NotificationLedgerOptions): NotificationLedger {
  const read = (): string[] => {
    try {
      const value: unknown = JSON.parse((storage?.getItem(name) as string | null) ?? '[]');
      return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
    } catch {
      return [];
    }
  };
  const claimNow = (key: string): boolean => {
    const keys = read();
    if (keys.includes(key)) return false;
    keys.push(key);
    try {
      storage?.setItem(name, JSON.stringify(keys.slice(-LEDGER_CAPACITY)));
    } catch {
      // Storage full: announce anyway; a repeat after reload beats silence.
    }
    return true;
  };
  return {
    claim: async (key) => (locks ? locks.request(name, () => claimNow(key)) : claimNow(key)),
  };
}
