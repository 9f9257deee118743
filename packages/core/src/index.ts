// The shared model: what the server, the worker and the client all speak. No client code here, so
// the route handlers and the Deno edge function load neither the watcher nor zustand; the
// client (transport, watcher, store) is the `@talk-track/core/client` entry.
export * from './jobStatus.ts';
export * from './deckSchema.ts';
export * from './talkTrackSchema.ts';
export * from './chunkPlanner.ts';
export * from './api.ts';
export * from './promptBudget.ts';
