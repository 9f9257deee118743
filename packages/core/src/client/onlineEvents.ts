/** Calls `listener` whenever the network comes back; returns the undo. */
export type OnlineEvents = (listener: () => void) => () => void;

/** The window's `online` event; where there is none (server, Deno without a window, a worker without it) nothing ever fires. */
export const windowOnlineEvents: OnlineEvents = (listener) => {
  const target = globalThis as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;
  target.addEventListener?.('online', listener);
  return () => target.removeEventListener?.('online', listener);
};
