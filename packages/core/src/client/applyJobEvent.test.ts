import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../api.ts';
import { applyJobEvent } from './applyJobEvent.ts';
import type { TrackedJobs } from './trackedJob.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();

function snapshot(patch: Partial<JobSnapshot> = {}): JobSnapshot {
  return {
    id: 'job-1',
    deckId: 'deck-1',
    status: 'processing',
    progress: 20,
    currentChunk: 1,
    totalChunks: 5,
    slideCount: 25,
    slides: [],
    result: null,
    error: null,
    createdAt: at(0),
    startedAt: at(1),
    completedAt: null,
    updatedAt: at(10),
    ...patch,
  };
}

const apply = (jobs: TrackedJobs, s: JobSnapshot, time = 0) =>
  applyJobEvent(jobs, { type: 'snapshot', snapshot: s, at: time });

describe('applyJobEvent', () => {
  it('replaces only the deck that changed, keeping the other entries as they were', () => {
    const jobs = apply(apply({}, snapshot()), snapshot({ id: 'job-2', deckId: 'deck-2' }));
    const next = apply(jobs, snapshot({ progress: 40, currentChunk: 2, updatedAt: at(20) }));
    expect(next['deck-1']).toMatchObject({ progress: 40, currentChunk: 2 });
    expect(next['deck-2']).toBe(jobs['deck-2']);
  });

  it('returns the same object for an answer that brings nothing new', () => {
    const jobs = apply({}, snapshot());
    expect(apply(jobs, snapshot())).toBe(jobs);
  });

  it('ignores an older answer that arrives late', () => {
    const jobs = apply({}, snapshot({ progress: 60, currentChunk: 3, updatedAt: at(30) }));
    expect(apply(jobs, snapshot({ progress: 40, currentChunk: 2, updatedAt: at(20) }))).toBe(jobs);
  });

  it('takes a chunk saved within the same millisecond as the last one', () => {
    const jobs = apply({}, snapshot());
    expect(apply(jobs, snapshot({ currentChunk: 2, progress: 40 }))['deck-1']?.currentChunk).toBe(2);
  });

  it('keeps a deck on its newer job when news of the previous one arrives late', () => {
    const jobs = apply({}, snapshot({ id: 'job-new', createdAt: at(50), updatedAt: at(50) }));
    expect(apply(jobs, snapshot({ id: 'job-old', status: 'failed' }))).toBe(jobs);
  });

  it('remembers that this browser watched the job run, through to its end', () => {
    const running = apply({}, snapshot());
    expect(running['deck-1']?.watched).toBe(true);
    const done = apply(
      running,
      snapshot({ status: 'completed', progress: 100, updatedAt: at(90), completedAt: at(90) }),
    );
    expect(done['deck-1']?.watched).toBe(true);
    expect(apply({}, snapshot({ status: 'completed', completedAt: at(90) }))['deck-1']?.watched).toBe(false);
  });

  it('keeps a completed job whose result it holds when the server has forgotten it', () => {
    const result = { opening: 'Hello', slides: [], closing: 'Thanks', totalDurationSeconds: 60 };
    const done = apply(
      {},
      snapshot({ status: 'completed', progress: 100, currentChunk: 5, result, completedAt: at(30), updatedAt: at(30) }),
    );
    expect(applyJobEvent(done, { type: 'forget', deckId: 'deck-1', jobId: 'job-1' })).toBe(done);
  });

  it('sets and clears a sync problem, and forgets a job', () => {
    const jobs = apply({}, snapshot());
    const sync = { code: 'network_error', message: 'down', failures: 1, fatal: false };
    const failing = applyJobEvent(jobs, { type: 'sync', deckId: 'deck-1', jobId: 'job-1', sync });
    expect(failing['deck-1']?.sync).toEqual(sync);
    expect(applyJobEvent(failing, { type: 'sync', deckId: 'deck-1', jobId: 'job-1', sync: { ...sync } })).toBe(failing);
    expect(
      applyJobEvent(failing, { type: 'sync', deckId: 'deck-1', jobId: 'job-1', sync: null })['deck-1']?.sync,
    ).toBeNull();
    expect(applyJobEvent(jobs, { type: 'forget', deckId: 'deck-1', jobId: 'other' })).toBe(jobs);
    expect(applyJobEvent(jobs, { type: 'forget', deckId: 'deck-1', jobId: 'job-1' })).toEqual({});
  });
});
