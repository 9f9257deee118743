/**
 * Each held status read keeps a request open for up to 8 s and reads the job row twice a second.
 * Four per user covers a person with a few decks generating at once (one held read per job across
 * all their tabs); more from one user is a script, not a browser.
 */
export const DEFAULT_MAX_HELD_READS_PER_USER = 4;
/** Across one server process: 500 held reads are about 1,000 row reads a second against the database. */
export const DEFAULT_MAX_HELD_READS = 500;
/** A refused client reads plainly after this long: the client's own plain polling interval. */
export const HELD_READ_RETRY_AFTER_SECONDS = 3;

/** How many status reads may be held open at once (long-polling) in one server process. */
export interface HeldReadLimits {
  /** Held reads per user. Default `DEFAULT_MAX_HELD_READS_PER_USER` (4). */
  perUser: number;
  /** Held reads across the process. Default `DEFAULT_MAX_HELD_READS` (500). */
  total: number;
}

export interface HeldReadLimiter {
  /** A release function when there is room for one more held read of this user, or `null`. */
  acquire(userId: string): (() => void) | null;
}

/** Counts held reads per user and in all; each process counts its own (a serverless instance serves few at once anyway). */
export function createHeldReadLimiter(limits: HeldReadLimits): HeldReadLimiter {
  const perUser = new Map<string, number>();
  let total = 0;
  return {
    acquire(userId) {
      const held = perUser.get(userId) ?? 0;
      if (held >= limits.perUser || total >= limits.total) return null;
      perUser.set(userId, held + 1);
      total++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total--;
        const left = perUser.get(userId)! - 1;
        if (left === 0) perUser.delete(userId);
        else perUser.set(userId, left);
      };
    },
  };
}
