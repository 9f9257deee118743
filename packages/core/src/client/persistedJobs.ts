import type { JobSnapshot } from '../api.ts';
import { JOB_STATUSES, type JobStatus } from '../jobStatus.ts';
import type { ChunkMark, Pace } from './eta.ts';
import {
  SESSION_FIELDS,
  type JobEvent,
  type SessionField,
  type SnapshotField,
  type TrackedJob,
  type TrackedJobs,
} from './trackedJob.ts';

/**
 * What survives a reload: enough to show the job at once and to poll it again. The slides and the
 * result are left out on purpose: a 55-slide talk track is tens of kilobytes, localStorage is a
 * few megabytes shared with the host app and written synchronously on every progress tick in every
 * tab, and the server holds them anyway — one read after a reload restores them.
 */
export type PersistedJob = Omit<TrackedJob, SessionField>;

export interface PersistedState {
  jobs: Record<string, PersistedJob>;
}

/** Bump when `PersistedJob` changes shape: entries of another version are dropped (`createTrackedJobsStore`), or add a migration for the old one there. */
export const PERSIST_VERSION = 1;

/** What a restored job holds in the fields a reload loses, until its next read. */
const restoredSessionFields = (): Pick<TrackedJob, SessionField> => ({
  slides: [],
  result: null,
  fresh: false,
  sync: null,
  queueAhead: null,
  estimatedDoneAt: null,
});

export function partializeJobs(jobs: TrackedJobs): PersistedState {
  const out: Record<string, PersistedJob> = {};
  for (const [deckId, job] of Object.entries(jobs)) out[deckId] = withoutSessionFields(job);
  return { jobs: out };
}

function withoutSessionFields(job: TrackedJob): PersistedJob {
  const kept: Partial<TrackedJob> = { ...job };
  for (const field of SESSION_FIELDS) delete kept[field];
  return kept as PersistedJob;
}

/** Stored jobs that pass inspection, back as tracked jobs; anything malformed (hand-edited, another library's key) is dropped. */
export function restoreJobs(state: unknown): Record<string, TrackedJob> {
  const jobs = isRecord(state) && isRecord(state.jobs) ? state.jobs : {};
  const out: Record<string, TrackedJob> = {};
  for (const [deckId, value] of Object.entries(jobs)) {
    const job = readJob(value);
    if (job && job.deckId === deckId) out[deckId] = { ...job, ...restoredSessionFields() };
  }
  return out;
}

function readJob(v: unknown): PersistedJob | null {
  return matches(v, SHAPE) ? (v as unknown as PersistedJob) : null;
}

/**
 * A message from another tab, checked as strictly as a stored entry before it is applied: another
 * version of the app, a script of the host's or a browser extension may post on the same channel.
 */
export function isJobEvent(v: unknown): v is JobEvent {
  if (!isRecord(v)) return false;
  if (v.type === 'snapshot')
    return (
      isCount(v.at) &&
      (v.watched === undefined || typeof v.watched === 'boolean') &&
      matches(v.snapshot, SNAPSHOT_SHAPE)
    );
  const addressed = isString(v.deckId) && isString(v.jobId);
  if (v.type === 'forget') return addressed;
  return (
    v.type === 'sync' &&
    addressed &&
    (v.sync === null ||
      (isRecord(v.sync) &&
        isString(v.sync.code) &&
        isString(v.sync.message) &&
        isCount(v.sync.failures) &&
        typeof v.sync.fatal === 'boolean'))
  );
}

const matches = (v: unknown, shape: Record<string, (v: unknown) => boolean>) =>
  isRecord(v) && Object.entries(shape).every(([key, check]) => check(v[key]));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isMark = (v: unknown): v is ChunkMark => isRecord(v) && isCount(v.chunks) && isCount(v.at);
const isPace = (v: unknown): v is Pace => isRecord(v) && isMark(v.from) && isMark(v.to);
const isSlide = (v: unknown) =>
  matches(v, { index: isCount, title: isString, script: isString, transition: isString, durationSeconds: isCount }) &&
  Array.isArray((v as { keyPoints?: unknown }).keyPoints) &&
  (v as { keyPoints: unknown[] }).keyPoints.every(isString);
const isSlides = (v: unknown) => Array.isArray(v) && v.every(isSlide);

/** The snapshot fields a stored job keeps, and what each must hold. */
const JOB_FIELDS: Record<Exclude<SnapshotField, SessionField>, (v: unknown) => boolean> = {
  deckId: isString,
  status: (v: unknown) => JOB_STATUSES.includes(v as JobStatus),
  progress: isCount,
  currentChunk: isCount,
  totalChunks: isCount,
  slideCount: isCount,
  error: (v: unknown) => v === null || (isRecord(v) && isString(v.code) && isString(v.message)),
  createdAt: isString,
  updatedAt: isString,
  startedAt: isStringOrNull,
  completedAt: isStringOrNull,
};

/** Every stored field and what it must hold. */
const SHAPE: Record<keyof PersistedJob, (v: unknown) => boolean> = {
  ...JOB_FIELDS,
  jobId: isString,
  watched: (v) => typeof v === 'boolean',
  pace: (v) => v === null || isPace(v),
};

/** A snapshot as another tab relays it: what the reducer and the components read (`usage` is only passed along). */
const SNAPSHOT_SHAPE: Record<Exclude<keyof JobSnapshot, 'usage'>, (v: unknown) => boolean> = {
  ...JOB_FIELDS,
  id: isString,
  slides: isSlides,
  result: (v) =>
    v === null || matches(v, { opening: isString, closing: isString, slides: isSlides, totalDurationSeconds: isCount }),
  // Optional: answers that do not compute them (cancel, retry) leave them out.
  queue: (v) => v === undefined || v === null || matches(v, { ahead: isCount }),
  estimatedSeconds: (v) => v === undefined || v === null || isCount(v),
};
