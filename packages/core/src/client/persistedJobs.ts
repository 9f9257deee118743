import { JOB_STATUSES, type JobStatus } from '../jobStatus.ts';
import type { ChunkMark, Pace } from './eta.ts';
import type { TrackedJob, TrackedJobs } from './trackedJob.ts';

/**
 * What survives a reload: enough to show the job at once and to poll it again. The slides and the
 * result are left out on purpose: a 55-slide talk track is tens of kilobytes, localStorage is a
 * few megabytes shared with the host app and written synchronously on every progress tick in every
 * tab, and the server holds them anyway — one read after a reload restores them.
 */
export type PersistedJob = Omit<TrackedJob, 'slides' | 'result' | 'fresh' | 'sync'>;

export interface PersistedState {
  jobs: Record<string, PersistedJob>;
}

/** Bump when `PersistedJob` changes shape, and teach `migratePersisted` the old one (or let it drop it). */
export const PERSIST_VERSION = 1;

export function partializeJobs(jobs: TrackedJobs): PersistedState {
  const out: Record<string, PersistedJob> = {};
  for (const [deckId, { slides: _s, result: _r, fresh: _f, sync: _y, ...kept }] of Object.entries(jobs)) out[deckId] = kept;
  return { jobs: out };
}

/** An entry from another version: no older shape is worth keeping yet, and a newer app's entry is unreadable to us. Either way, start clean. */
export function migratePersisted(_state: unknown, _version: number): PersistedState {
  return { jobs: {} };
}

/** Stored jobs that pass inspection, back as tracked jobs; anything malformed (hand-edited, another library's key) is dropped. */
export function restoreJobs(state: unknown): Record<string, TrackedJob> {
  const jobs = isRecord(state) && isRecord(state.jobs) ? state.jobs : {};
  const out: Record<string, TrackedJob> = {};
  for (const [deckId, value] of Object.entries(jobs)) {
    const job = readJob(value);
    if (job && job.deckId === deckId) out[deckId] = { ...job, slides: [], result: null, fresh: false, sync: null };
  }
  return out;
}

function readJob(v: unknown): PersistedJob | null {
  if (!isRecord(v)) return null;
  const ok =
    isString(v.jobId) && isString(v.deckId) && JOB_STATUSES.includes(v.status as JobStatus) &&
    isCount(v.progress) && isCount(v.currentChunk) && isCount(v.totalChunks) && isCount(v.slideCount) &&
    (v.error === null || (isRecord(v.error) && isString(v.error.code) && isString(v.error.message))) &&
    isString(v.createdAt) && isString(v.updatedAt) && isStringOrNull(v.startedAt) && isStringOrNull(v.completedAt) &&
    typeof v.watched === 'boolean' && (v.pace === null || isPace(v.pace));
  return ok ? (v as unknown as PersistedJob) : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isMark = (v: unknown): v is ChunkMark => isRecord(v) && isCount(v.chunks) && isCount(v.at);
const isPace = (v: unknown): v is Pace => isRecord(v) && isMark(v.from) && isMark(v.to);
