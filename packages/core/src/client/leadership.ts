import type { LockManagerLike } from './locks.ts';
import { createSubscribable, type Subscribable } from './subscribable.ts';

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

/** One tab's place in the election for one lock name. */
interface Election {
  locks: LockManagerLike;
  name: string;
  leader: boolean;
  /** Someone listens, so the tab stays in the queue for the lock. */
  running: boolean;
  /** The latest request for the lock; an older one that is granted gives it straight back. */
  attempt: AbortController | null;
  /** Gives the held lock back. */
  release: (() => void) | null;
  changes: Subscribable<(leader: boolean) => void>;
}

export function createLockLeadership(locks: LockManagerLike, name: string): Leadership {
  const election: Election = {
    locks,
    name,
    leader: false,
    running: false,
    attempt: null,
    release: null,
    changes: createSubscribable<(leader: boolean) => void>(() => {
      election.running = true;
      join(election, false);
      return () => {
        election.running = false;
        election.attempt?.abort();
        election.attempt = null;
        setLeader(election, false);
      };
    }),
  };
  return {
    isLeader: () => election.leader,
    subscribe: election.changes.subscribe,
    claim() {
      if (!election.running || election.leader) return;
      election.attempt?.abort();
      join(election, true);
    },
  };
}

function setLeader(election: Election, next: boolean) {
  if (!next) {
    election.release?.();
    election.release = null;
  }
  if (next === election.leader) return;
  election.leader = next;
  election.changes.emit(next);
}

function join(election: Election, steal: boolean) {
  const mine = new AbortController();
  election.attempt = mine;
  // `steal` and `signal` may not be combined; a steal is granted at once, so it needs no abort.
  election.locks
    .request(
      election.name,
      steal ? { steal: true } : { signal: mine.signal },
      () =>
        new Promise<void>((resolve) => {
          if (election.attempt !== mine) return resolve();
          election.release = resolve;
          setLeader(election, true);
          mine.signal.addEventListener('abort', () => resolve());
        }),
    )
    .catch(() => {
      // Aborted while queued (we stopped or are stealing), or our lock was stolen.
    })
    .finally(() => {
      if (election.attempt !== mine) return;
      setLeader(election, false);
      // Lost to a steal: queue again so this tab can lead when the other one goes away.
      if (election.running) join(election, false);
    });
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
