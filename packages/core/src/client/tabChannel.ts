import { createSubscribable } from './subscribable.ts';

/** Messages between the tabs of one origin. Delivery is to the *other* tabs, never back to the sender. */
export interface TabChannel<M> {
  post(message: M): void;
  /** The first listener opens the channel; the last one leaving closes it. */
  subscribe(listener: (message: M) => void): () => void;
}

/** A `BroadcastChannel` (browsers, Node ≥ 18, Deno); a channel that reaches no one where there is none. */
export function createBroadcastTabChannel<M>(name: string): TabChannel<M> {
  let channel: BroadcastChannel | null = null;
  const messages = createSubscribable<(message: M) => void>(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const opened = new BroadcastChannel(name);
    opened.onmessage = (event: MessageEvent) => messages.emit(event.data as M);
    channel = opened;
    return () => {
      channel = null;
      opened.close();
    };
  });
  return {
    // Posting needs no listener of our own, but only a subscribed tab is part of the conversation.
    post: (message) => channel?.postMessage(message),
    subscribe: messages.subscribe,
  };
}
