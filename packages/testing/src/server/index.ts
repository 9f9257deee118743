// `@talk-track/testing/server`: test support for the route handlers and the job stores, shared by
// the packages' tests, tests/ and bench/. Never published: the server package ships none of it.
export {
  BASE,
  USER_HEADER,
  apiRequest,
  deckInput,
  getUserIdFromHeader,
  recordingLogger,
  recordingWorker,
  type RecordingLogger,
  type RecordingWorker,
} from './handlerTestKit.ts';
export {
  NO_OUTLOOK,
  chunkOutput,
  createRoleWithoutInput,
  deck,
  readJob,
  rejection,
  summaryOf,
  withPlan,
  type RoleWithoutInput,
} from './jobStoreTestKit.ts';
export { describeJobStoreContract, type JobStoreUnderTest } from './jobStoreContract.ts';
