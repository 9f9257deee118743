import type { LockManagerLike, LockRequestOptions } from '../../core/src/client/locks.ts';

interface Waiter {
  callback: (lock: unknown) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const abortError = () => new DOMException('The lock request was aborted.', 'AbortError');

/** An aborted request still waiting leaves its queue, rejected; one already granted is not touched. */
function leaveQueue(queue: Waiter[], waiter: Waiter): void {
  const at = queue.indexOf(waiter);
  if (at < 0) return;
  queue.splice(at, 1);
  waiter.reject(abortError());
}

/** An in-process lock manager with the Web Locks semantics above (FIFO queue per name). */
export function createMemoryLocks(): LockManagerLike {
  const held = new Map<string, Waiter>();
  const queues = new Map<string, Waiter[]>();

  function grant(name: string, waiter: Waiter) {
    held.set(name, waiter);
    Promise.resolve()
      .then(() => waiter.callback({ name }))
      .then(
        (value) => finish(waiter, () => waiter.resolve(value)),
        (error) => finish(waiter, () => waiter.reject(error)),
      );
    function finish(w: Waiter, settle: () => void) {
      settle();
      // A stolen holder's callback ends later: the lock is someone else's by then.
      if (held.get(name) !== w) return;
      held.delete(name);
      const next = queues.get(name)?.shift();
      if (next) grant(name, next);
    }
  }

  function request<T>(
    name: string,
    a: LockRequestOptions | ((lock: unknown) => T | PromiseLike<T>),
    b?: (lock: unknown) => T | PromiseLike<T>,
  ): Promise<T> {
    const options = typeof a === 'function' ? {} : a;
    const callback = (typeof a === 'function' ? a : b) as (lock: unknown) => T;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { callback, resolve: resolve as (v: unknown) => void, reject };
      if (options.signal?.aborted) return reject(abortError());
      const current = held.get(name);
      if (options.steal) {
        if (current) {
          held.delete(name);
          current.reject(abortError());
        }
        return grant(name, waiter);
      }
      const queue = queues.get(name) ?? [];
      queues.set(name, queue);
      if (!current && queue.length === 0) return grant(name, waiter);
      if (options.ifAvailable) {
        Promise.resolve()
          .then(() => callback(null))
          .then(resolve, reject);
        return;
      }
      queue.push(waiter);
      options.signal?.addEventListener('abort', () => leaveQueue(queue, waiter));
    });
  }

  return { request } as LockManagerLike;
}
