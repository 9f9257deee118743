import type { StateStorage } from 'zustand/middleware';

/** One origin's localStorage, shared by the "tabs" of a test: a plain map behind the Storage methods. */
export function createMemoryStorage(
  initial: Record<string, string> = {},
): StateStorage & { readonly data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, String(value)),
    removeItem: (key) => void data.delete(key),
  };
}
