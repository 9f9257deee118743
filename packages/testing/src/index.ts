// Test doubles for the browser client. Never published: hosts get `@talk-track/core/client`,
// whose public surface stays free of these.
export { createFakeTalkTrackApi, sampleDeck, type FakeTalkTrackApi, type FakeTalkTrackApiOptions, type InjectedFailure } from './fakeTalkTrackApi.ts';
export { createTestClient, type TestClient, type TestTabOptions } from './createTestClient.ts';
export { createManualClock, type ManualClock } from './manualClock.ts';
export { createMemoryLocks } from './memoryLocks.ts';
export { createMemoryStorage } from './memoryStorage.ts';
export { createManualVisibility, type ManualVisibility } from './manualVisibility.ts';
