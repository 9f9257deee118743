// `@talk-track/core/client`: the browser side (transport, watcher, store, notification ledger,
// ETA). Kept out of the root entry so the server and the worker never load it; the shared model
// (statuses, schemas, API types) is imported from `@talk-track/core` itself.
export * from './TalkTrackApiError.ts';
export * from './transport.ts';
export * from './httpTransport.ts';
export * from './clock.ts';
export * from './subscribable.ts';
export * from './visibility.ts';
export * from './onlineEvents.ts';
export * from './locks.ts';
export * from './leadership.ts';
export * from './tabChannel.ts';
export * from './eta.ts';
export * from './pollSchedule.ts';
export * from './trackedJob.ts';
export * from './applyJobEvent.ts';
export * from './persistedJobs.ts';
export * from './jobStore.ts';
export * from './notificationLedger.ts';
export * from './noticeFeed.ts';
export * from './watcher.ts';
export * from './talkTrackClient.ts';
