import type { JobSnapshot } from '../api.ts';
import { isActiveStatus } from '../jobStatus.ts';
import { estimatedDoneAt, nextPace } from './eta.ts';
import { SNAPSHOT_FIELDS, type JobEvent, type SnapshotField, type TrackedJob, type TrackedJobs } from './trackedJob.ts';

/**
 * The one reducer of tracked jobs. It returns the same object when nothing changed and replaces
 * only the entry that did, so a store subscriber selecting one deck sees no change from another.
 */
export function applyJobEvent(jobs: TrackedJobs, event: JobEvent): TrackedJobs {
  if (event.type === 'snapshot') {
    const { snapshot } = event;
    const current = jobs[snapshot.deckId];
    const next = mergeSnapshot(current, snapshot, event.at, event.watched);
    return next === current ? jobs : { ...jobs, [snapshot.deckId]: next };
  }
  const current = jobs[event.deckId];
  if (!current || current.jobId !== event.jobId) return jobs;
  if (event.type === 'forget') {
    // The server forgot the job (retention, a wiped table), but a finished talk track this client
    // already holds is the user's work: it stays until something newer replaces it.
    if (current.status === 'completed' && current.result) return jobs;
    const { [event.deckId]: _forgotten, ...rest } = jobs;
    return rest;
  }
  // Sync problems are small flat objects built the same way: equal JSON, same problem.
  if (JSON.stringify(current.sync) === JSON.stringify(event.sync)) return jobs;
  return { ...jobs, [event.deckId]: { ...current, sync: event.sync } };
}

function mergeSnapshot(
  current: TrackedJob | undefined,
  snapshot: JobSnapshot,
  at: number,
  watched?: boolean,
): TrackedJob {
  if (current) {
    if (current.jobId !== snapshot.id) {
      // A late answer about the deck's previous job must not replace the newer one.
      if (Date.parse(snapshot.createdAt) < Date.parse(current.createdAt)) return current;
    } else {
      const age = Date.parse(snapshot.updatedAt) - Date.parse(current.updatedAt);
      // Answers can arrive out of order (two tabs, a slow request): never step back in time. Two
      // chunks may land within one millisecond, so an equal time still counts when the job moved.
      // The place in line and the history behind the estimate change with other jobs, without
      // touching this job's row.
      const moved =
        current.status !== snapshot.status ||
        current.currentChunk !== snapshot.currentChunk ||
        current.queueAhead !== (snapshot.queue?.ahead ?? null) ||
        (current.estimatedDoneAt === null && typeof snapshot.estimatedSeconds === 'number');
      if (age < 0 || (age === 0 && current.fresh && !moved)) return current;
    }
  }
  const sameJob = current?.jobId === snapshot.id;
  return {
    ...pickSnapshotFields(snapshot),
    jobId: snapshot.id,
    watched: !!watched || (sameJob && current.watched) || isActiveStatus(snapshot.status),
    pace: nextPace(sameJob ? current.pace : null, snapshot, at),
    fresh: true,
    sync: sameJob ? current.sync : null,
    queueAhead: snapshot.queue?.ahead ?? null,
    estimatedDoneAt: estimatedDoneAt(sameJob ? current : undefined, snapshot, at),
  };
}

function pickSnapshotFields(snapshot: JobSnapshot): Pick<JobSnapshot, SnapshotField> {
  return Object.fromEntries(SNAPSHOT_FIELDS.map((field) => [field, snapshot[field]])) as Pick<
    JobSnapshot,
    SnapshotField
  >;
}
