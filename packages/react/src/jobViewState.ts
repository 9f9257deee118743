import type { JobStatus } from '@talk-track/core/client';

/** What the components show, as their `data-state`: the job's status, with "queued" for pending and "reconnecting" while reads fail. */
export type TalkTrackViewState = 'idle' | 'queued' | 'running' | 'reconnecting' | 'completed' | 'failed' | 'cancelled';

export function jobViewState(status: JobStatus | 'idle', reconnecting: boolean): TalkTrackViewState {
  if (status === 'pending' || status === 'processing') return reconnecting ? 'reconnecting' : status === 'pending' ? 'queued' : 'running';
  return status;
}

/** Class names, skipping the falsy ones (no dependency for four lines). */
export function cx(...names: (string | false | null | undefined)[]): string | undefined {
  return names.filter(Boolean).join(' ') || undefined;
}
