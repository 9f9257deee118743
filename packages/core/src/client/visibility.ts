import { createSubscribable } from './subscribable.ts';

/** Whether this tab is hidden, and word when that changes. Injected so tests flip it by hand. */
export interface VisibilitySource {
  isHidden(): boolean;
  subscribe(listener: (hidden: boolean) => void): () => void;
}

interface VisibilityDocument {
  visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/** The page's `visibilitychange`; where there is no document (server, Deno, a worker) the tab counts as always visible. */
export function createDocumentVisibility(
  doc: VisibilityDocument | undefined = (globalThis as { document?: VisibilityDocument }).document,
): VisibilitySource {
  const isHidden = () => doc?.visibilityState === 'hidden';
  const changes = createSubscribable<(hidden: boolean) => void>(() => {
    if (!doc) return;
    const onChange = () => changes.emit(isHidden());
    doc.addEventListener('visibilitychange', onChange);
    return () => doc.removeEventListener('visibilitychange', onChange);
  });
  return { isHidden, subscribe: changes.subscribe };
}
