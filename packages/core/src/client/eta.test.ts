import { describe, expect, it } from 'vitest';
import { estimateCompletionAt, estimatedDoneAt, nextPace, type EtaInput } from './eta.ts';

const job = (patch: Partial<EtaInput>): EtaInput => ({
  status: 'processing',
  pace: null,
  currentChunk: 0,
  totalChunks: 10,
  startedAt: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

describe('nextPace', () => {
  it('marks the first sighting while processing and moves only the latest mark as chunks finish', () => {
    let pace = nextPace(null, { status: 'processing', currentChunk: 0 }, 1_000);
    expect(pace).toEqual({ from: { chunks: 0, at: 1_000 }, to: { chunks: 0, at: 1_000 } });
    pace = nextPace(pace, { status: 'processing', currentChunk: 0 }, 4_000);
    expect(pace?.to.at).toBe(1_000);
    pace = nextPace(pace, { status: 'processing', currentChunk: 2 }, 21_000);
    expect(pace).toEqual({ from: { chunks: 0, at: 1_000 }, to: { chunks: 2, at: 21_000 } });
  });

  it('has no pace while pending and starts over after a retry', () => {
    const pace = nextPace(null, { status: 'processing', currentChunk: 3 }, 5_000);
    expect(nextPace(pace, { status: 'pending', currentChunk: 3 }, 6_000)).toBeNull();
    expect(nextPace(pace, { status: 'failed', currentChunk: 3 }, 6_000)).toBe(pace);
  });
});

describe('estimateCompletionAt', () => {
  it('extrapolates the measured speed of finished chunks from the latest one', () => {
    // 2 chunks in 20 s → 10 s a chunk; 8 left after t=21 s.
    const pace = { from: { chunks: 0, at: 1_000 }, to: { chunks: 2, at: 21_000 } };
    expect(estimateCompletionAt(job({ pace, currentChunk: 2 }))).toBe(101_000);
  });

  it('knows nothing before the first chunk finishes', () => {
    const pace = { from: { chunks: 0, at: 1_000 }, to: { chunks: 0, at: 1_000 } };
    expect(estimateCompletionAt(job({ pace, startedAt: '2026-01-01T00:00:00.000Z' }))).toBeNull();
  });

  it('falls back to the server’s timing when this browser has seen no chunk finish (a reload mid-job)', () => {
    // Seen at 3 chunks only; the server took 30 s for them → 10 s a chunk, 7 left.
    const pace = { from: { chunks: 3, at: 50_000 }, to: { chunks: 3, at: 50_000 } };
    const eta = estimateCompletionAt(
      job({ pace, currentChunk: 3, startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:30.000Z' }),
    );
    expect(eta).toBe(120_000);
  });

  it('is due at once when every chunk is saved and only the completion is left', () => {
    const pace = { from: { chunks: 0, at: 1_000 }, to: { chunks: 10, at: 91_000 } };
    expect(estimateCompletionAt(job({ pace, currentChunk: 10 }))).toBe(91_000);
  });

  it('gives no estimate once the job is not processing', () => {
    const pace = { from: { chunks: 0, at: 0 }, to: { chunks: 10, at: 100 } };
    expect(estimateCompletionAt(job({ status: 'completed', pace, currentChunk: 10 }))).toBeNull();
    expect(estimateCompletionAt(job({ status: 'pending', pace: null }))).toBeNull();
  });
});

describe('the estimate from past jobs', () => {
  const snapshot = {
    status: 'processing' as const,
    estimatedSeconds: 100,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it("is due the estimate after it was first seen, less what the job already ran by the server's clock, and stays put", () => {
    expect(estimatedDoneAt(undefined, snapshot, 5_000)).toBe(105_000);
    expect(estimatedDoneAt(undefined, { ...snapshot, updatedAt: '2026-01-01T00:00:20.000Z' }, 5_000)).toBe(85_000);
    expect(estimatedDoneAt({ status: 'processing', estimatedDoneAt: 105_000 }, snapshot, 50_000)).toBe(105_000);
  });

  it('is none without history or once the job ended, and starts over on a retry', () => {
    expect(estimatedDoneAt(undefined, { ...snapshot, estimatedSeconds: null }, 5_000)).toBeNull();
    expect(
      estimatedDoneAt({ status: 'processing', estimatedDoneAt: 105_000 }, { ...snapshot, status: 'completed' }, 50_000),
    ).toBeNull();
    expect(
      estimatedDoneAt({ status: 'failed', estimatedDoneAt: null }, { ...snapshot, status: 'pending' }, 50_000),
    ).toBe(150_000);
  });

  it('is the ETA until a chunk is measured, which then takes over', () => {
    const firstSeen = { from: { chunks: 0, at: 1_000 }, to: { chunks: 0, at: 1_000 } };
    expect(estimateCompletionAt(job({ pace: firstSeen, estimatedDoneAt: 105_000 }))).toBe(105_000);
    expect(estimateCompletionAt(job({ status: 'pending', estimatedDoneAt: 105_000 }))).toBe(105_000);
    const measured = { from: { chunks: 0, at: 1_000 }, to: { chunks: 2, at: 21_000 } };
    expect(estimateCompletionAt(job({ pace: measured, currentChunk: 2, estimatedDoneAt: 105_000 }))).toBe(101_000);
  });
});
