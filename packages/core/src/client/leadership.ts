import type { LockManagerLike } from './locks.ts';
import { createSubscribable } from './subscribable.ts';

/**
 * Which tab of the origin polls. With Web Locks the leader is whoever holds one lock: a tab that
 * closes or crashes releases it and the next tab in the queue takes over, with no heartbeats.
 * `claim()` steals the lock, so the tab the user is looking at becomes the one that polls (at the
 * visible rate) instead of a background tab.
 */
export interface Leadership {
  isLeader(): boolean;
  /** The first listener joins the election; the last one leaving gives the lock back. */
  subscribe(listener: (leader: boolean) => void): () => void;
  claim(): void;
}

export function createLockLeadership(locks: LockManagerLike, name: string): Leadership {
  let leader = false;
  let running = false;
  let attempt: AbortController | null = null;
  let release: (() => void) | null = null;

  const changes = createSubscribable<(leader: boolean) => void>(() => {
    running = true;
    join(false);
    return () => {
      running = false;
      attempt?.abort();
      attempt = null;
      setLeader(false);
    };
  });

  function setLeader(next: boolean) {
    if (!next) {
      release?.();
      release = null;
    }
    if (next === leader) return;
    leader = next;
    changes.emit(leader);
  }

  function join(steal: boolean) {
    const mine = new AbortController();
    attempt = mine;
    // `steal` and `signal` may not be combined; a steal is granted at once, so it needs no abort.
    locks
      .request(name, steal ? { steal: true } : { signal: mine.signal }, () =>
        new Promise<void>((resolve) => {
          if (attempt !== mine) return resolve();
          release = resolve;
          setLeader(true);
          mine.signal.addEventListener('abort', () => resolve());
        }),
      )
      .catch(() => {
        // Aborted while queued (we stopped or are stealing), or our lock was stolen.
      })
      .finally(() => {
        if (attempt !== mine) return;
        setLeader(false);
        // Lost to a steal: queue again so this tab can lead when the other one goes away.
        if (running) join(false);
      });
  }

  return {
    isLeader: () => leader,
    subscribe: changes.subscribe,
    claim() {
      if (!running || leader) return;
      attempt?.abort();
      join(true);
    },
  };
}

/** Without Web Locks every tab polls for itself: more requests, never fewer updates. */
export function createSoloLeadership(): Leadership {
  let leader = false;
  const changes = createSubscribable<(leader: boolean) => void>(() => {
    leader = true;
    changes.emit(true);
    return () => {
      leader = false;
    };
  });
  return { isLeader: () => leader, subscribe: changes.subscribe, claim() {} };
}
