// Type tests of the public API, checked by `npm run typecheck` (tsc), never run.
import { expectTypeOf } from 'vitest';
import type { ApiErrorCode, JobSnapshot, JobStatus } from '@talk-track/core';
import { TalkTrackApiError, useTalkTrackJob, type TalkTrackJob } from './index.ts';

expectTypeOf(useTalkTrackJob).parameters.toEqualTypeOf<[deckId: string]>();
expectTypeOf(useTalkTrackJob).returns.toEqualTypeOf<TalkTrackJob>();
expectTypeOf<TalkTrackJob['status']>().toEqualTypeOf<JobStatus | 'idle'>();
// One state field: the job's status (what the components show as `data-state` is derived from it).
expectTypeOf<TalkTrackJob>().not.toHaveProperty('state');
// The job's fields are JobSnapshot's own types.
expectTypeOf<TalkTrackJob['slides']>().toEqualTypeOf<JobSnapshot['slides']>();
expectTypeOf<TalkTrackJob['error']>().toEqualTypeOf<JobSnapshot['error']>();
// The actions never reject: a failure resolves null and lands in actionError.
expectTypeOf<ReturnType<TalkTrackJob['start']>>().toEqualTypeOf<Promise<JobSnapshot | null>>();
expectTypeOf<ReturnType<TalkTrackJob['cancel']>>().toEqualTypeOf<Promise<JobSnapshot | null>>();
expectTypeOf<TalkTrackJob['etaMs']>().toEqualTypeOf<number | null>();
// Clients branch on a closed set of codes: the API's, plus the two the client adds.
expectTypeOf<TalkTrackApiError['code']>().toEqualTypeOf<ApiErrorCode | 'network_error' | 'invalid_response'>();
