import type { TalkTrackJob } from './useTalkTrackJob.ts';

/** What the components show, as their `data-state`: the job's status, with "queued" for pending and "reconnecting" while reads fail. */
export type TalkTrackViewState = 'idle' | 'queued' | 'running' | 'reconnecting' | 'completed' | 'failed' | 'cancelled';

export function jobViewState({ status, syncError }: Pick<TalkTrackJob, 'status' | 'syncError'>): TalkTrackViewState {
  const reconnecting = !!syncError && !syncError.fatal;
  if (status === 'pending' || status === 'processing')
    return reconnecting ? 'reconnecting' : status === 'pending' ? 'queued' : 'running';
  return status;
}

/** Class names, skipping the falsy ones (no dependency for four lines). */
export function cx(...names: (string | false | null | undefined)[]): string | undefined {
  return names.filter(Boolean).join(' ') || undefined;
}
