import { JOB_STATUSES, type JobStatus } from '../jobStatus.ts';
import type { ChunkMark, Pace } from './eta.ts';
import type { TrackedJob, TrackedJobs } from './trackedJob.ts';

/**
 * What survives a reload: enough to show the job at once and to poll it again. The slides and the
 * result are left out on purpose: a 55-slide talk track is tens of kilobytes, localStorage is a
 * few megabytes shared with the host app and written synchronously on every progress tick in every
 * tab, and the server holds them anyway — one read after a reload restores them.
 */
export type PersistedJob = Omit<TrackedJob, 'slides' | 'result' | 'fresh' | 'sync' | 'queueAhead' | 'estimatedDoneAt'>;

export interface PersistedState {
  jobs: Record<string, PersistedJob>;
}

/** Bump when `PersistedJob` changes shape, and teach `migratePersisted` the old one (or let it drop it). */
export const PERSIST_VERSION = 1;

export function partializeJobs(jobs: TrackedJobs): PersistedState {
  const out: Record<string, PersistedJob> = {};
  for (const [deckId, { slides: _s, result: _r, fresh: _f, sync: _y, queueAhead: _q, estimatedDoneAt: _e, ...kept }] of Object.entries(jobs)) out[deckId] = kept;
  return { jobs: out };
}

/**
 * An entry of another version (or none, or not ours: `version` is then not a number): no older
 * shape is worth keeping yet, and a newer app's entry is unreadable to us. Either way, start clean.
 */
export function migratePersisted(_state: unknown, _version: unknown): PersistedState {
  return { jobs: {} };
}

/** Stored jobs that pass inspection, back as tracked jobs; anything malformed (hand-edited, another library's key) is dropped. */
export function restoreJobs(state: unknown): Record<string, TrackedJob> {
  const jobs = isRecord(state) && isRecord(state.jobs) ? state.jobs : {};
  const out: Record<string, TrackedJob> = {};
  for (const [deckId, value] of Object.entries(jobs)) {
    const job = readJob(value);
    if (job && job.deckId === deckId) out[deckId] = { ...job, slides: [], result: null, fresh: false, sync: null, queueAhead: null, estimatedDoneAt: null };
  }
  return out;
}

function readJob(v: unknown): PersistedJob | null {
  return isRecord(v) && Object.entries(SHAPE).every(([key, check]) => check(v[key])) ? (v as unknown as PersistedJob) : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isMark = (v: unknown): v is ChunkMark => isRecord(v) && isCount(v.chunks) && isCount(v.at);
const isPace = (v: unknown): v is Pace => isRecord(v) && isMark(v.from) && isMark(v.to);

/** Every stored field and what it must hold. */
const SHAPE: Record<keyof PersistedJob, (v: unknown) => boolean> = {
  jobId: isString,
  deckId: isString,
  status: (v) => JOB_STATUSES.includes(v as JobStatus),
  progress: isCount,
  currentChunk: isCount,
  totalChunks: isCount,
  slideCount: isCount,
  error: (v) => v === null || (isRecord(v) && isString(v.code) && isString(v.message)),
  createdAt: isString,
  updatedAt: isString,
  startedAt: isStringOrNull,
  completedAt: isStringOrNull,
  watched: (v) => typeof v === 'boolean',
  pace: (v) => v === null || isPace(v),
};
