// Test doubles for the browser client. Never published: hosts get `@talk-track/core/client`,
// whose public surface stays free of these and of the client's internals re-exported below.
export {
  createFakeTalkTrackApi,
  sampleDeck,
  type FakeTalkTrackApi,
  type FakeTalkTrackApiOptions,
  type InjectedFailure,
} from './fakeTalkTrackApi.ts';
export { createTestClient, type TestClient, type TestTabOptions } from './createTestClient.ts';
export { createManualClock, type ManualClock } from './manualClock.ts';
export { createMemoryLocks } from './memoryLocks.ts';
export { createMemoryStorage } from './memoryStorage.ts';
export { createManualVisibility, type ManualVisibility } from './manualVisibility.ts';
// Client internals that tests, stories and benchmarks build on.
export { createHttpTransport } from '../../core/src/client/httpTransport.ts';
export type { TalkTrackTransport } from '../../core/src/client/transport.ts';
export { DEFAULT_POLL_INTERVAL_MS } from '../../core/src/client/pollSchedule.ts';
export { DEFAULT_STORAGE_KEY } from '../../core/src/client/trackedJobsStore.ts';
export { PERSIST_VERSION } from '../../core/src/client/persistedJobs.ts';
