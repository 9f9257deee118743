/** Keeps a promise's work going after the response is sent. */
export type WaitUntil = (promise: Promise<unknown>) => void;

interface EdgeRuntimeGlobal {
  EdgeRuntime?: { waitUntil?: (promise: Promise<unknown>) => void };
}

// Work still running on hosts without EdgeRuntime; holding it here makes its lifetime explicit.
const backgroundWork = new Set<Promise<unknown>>();

/**
 * Supabase's `EdgeRuntime.waitUntil` when present: without it the runtime may retire the worker as
 * soon as the response is sent. Elsewhere (plain Deno, Node) a pending promise keeps running on
 * its own, so it is only tracked.
 */
export function defaultWaitUntil(): WaitUntil {
  const edgeRuntime = (globalThis as EdgeRuntimeGlobal).EdgeRuntime;
  if (typeof edgeRuntime?.waitUntil === 'function') return (promise) => edgeRuntime.waitUntil!(promise);
  return (promise) => {
    backgroundWork.add(promise);
    void promise.finally(() => backgroundWork.delete(promise)).catch(() => {});
  };
}
