/**
 * A listener set whose side effects (timers, window listeners, channels) exist only while someone
 * listens: `onFirst` runs when the first listener arrives, and what it returns runs when the last
 * one leaves (TanStack's `Subscribable`).
 */
export interface Subscribable<L extends (...args: never[]) => void> {
  subscribe(listener: L): () => void;
  emit(...args: Parameters<L>): void;
  readonly size: number;
}

export function createSubscribable<L extends (...args: never[]) => void>(
  onFirst?: () => (() => void) | void,
): Subscribable<L> {
  const listeners = new Set<L>();
  let teardown: (() => void) | void;
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) teardown = onFirst?.();
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) {
          teardown?.();
          teardown = undefined;
        }
      };
    },
    emit(...args) {
      for (const listener of [...listeners]) listener(...args);
    },
    get size() {
      return listeners.size;
    },
  };
}
