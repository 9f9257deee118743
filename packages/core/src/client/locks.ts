/**
 * The part of the Web Locks API (`navigator.locks`) the client uses: exclusive locks, `steal`,
 * `ifAvailable` and `signal`. `@talk-track/testing`'s `createMemoryLocks` implements it for one
 * process, so tests and stories can run several "tabs" against one lock manager.
 */
export interface LockManagerLike {
  request<T>(name: string, callback: (lock: unknown) => T | PromiseLike<T>): Promise<T>;
  request<T>(name: string, options: LockRequestOptions, callback: (lock: unknown) => T | PromiseLike<T>): Promise<T>;
}

export interface LockRequestOptions {
  steal?: boolean;
  ifAvailable?: boolean;
  signal?: AbortSignal;
}

/** `navigator.locks` where the platform has it (all current browsers; not Node 20). */
export function browserLocks(): LockManagerLike | undefined {
  // happy-dom and some embedded browsers answer `null`.
  return (globalThis as { navigator?: { locks?: LockManagerLike | null } }).navigator?.locks ?? undefined;
}
