import type { VisibilitySource } from '../../core/src/client/visibility.ts';

export interface ManualVisibility extends VisibilitySource {
  setHidden(hidden: boolean): void;
}

/** A visibility you set yourself: for tests, stories and benchmarks. */
export function createManualVisibility(hidden = false): ManualVisibility {
  const listeners = new Set<(hidden: boolean) => void>();
  return {
    isHidden: () => hidden,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setHidden(next) {
      if (next === hidden) return;
      hidden = next;
      for (const listener of [...listeners]) listener(hidden);
    },
  };
}
