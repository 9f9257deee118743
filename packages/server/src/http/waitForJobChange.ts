import { isActiveStatus } from '@talk-track/core';
import type { JobStore, JobSummary } from '../jobStore.ts';
import { type SleepClock, systemSleepClock } from '../shared/sleepClock.ts';

/** The longest a status read is held: under Vercel Hobby's 10 s function limit, with room for the read itself. */
export const MAX_WAIT_FOR_CHANGE_MS = 8_000;
/**
 * How often a held read looks at the job row. Half a second keeps the median time to notice a
 * change near a quarter of a second, at two row reads a second per waiting client (plain polling
 * every 3 s makes one every 3 s: long-polling trades database reads for latency).
 */
export const LONG_POLL_CHECK_MS = 500;

export type WaitForChange = { waitMs: number; since: string | null } | { error: string };

/**
 * Reads `waitForChangeMs` (whole milliseconds, 0 or more; capped at `MAX_WAIT_FOR_CHANGE_MS`) and
 * `since` (the `updatedAt` of the snapshot the client has) from a status read's query string.
 */
export function readWaitForChange(query: URLSearchParams): WaitForChange {
  const raw = query.get('waitForChangeMs');
  const since = query.get('since') || null;
  if (raw === null || raw === '') return { waitMs: 0, since };
  if (!/^\d{1,9}$/.test(raw)) return { error: 'waitForChangeMs must be a whole number of milliseconds' };
  return { waitMs: Math.min(Number(raw), MAX_WAIT_FOR_CHANGE_MS), since };
}

export interface WaitForJobChangeOptions {
  store: JobStore;
  userId: string;
  /** The `updatedAt` the client already has: any other value is news. */
  since: string;
  waitMs: number;
  checkMs?: number;
  /** The caller hung up: stop reading at once. */
  signal?: AbortSignal;
  /** Default: the system clock. */
  clock?: SleepClock;
}

/**
 * Holds a status read until the job changes: re-reads the row every `checkMs` until its
 * `updatedAt` differs from `since`, the job ends, `waitMs` runs out or the caller goes away.
 * A short server-side poll rather than LISTEN/NOTIFY, so it works through Supabase's pooler in
 * transaction mode and with either job store. Resolves with the last row read (`null` when the
 * job disappeared meanwhile).
 */
export async function waitForJobChange(job: JobSummary, options: WaitForJobChangeOptions): Promise<JobSummary | null> {
  const checkMs = options.checkMs ?? LONG_POLL_CHECK_MS;
  const clock = options.clock ?? systemSleepClock;
  const deadline = clock.now() + options.waitMs;
  let current: JobSummary | null = job;
  while (current && current.updatedAt === options.since && isActiveStatus(current.status)) {
    const left = deadline - clock.now();
    if (left <= 0 || options.signal?.aborted) break;
    await clock.sleep(Math.min(checkMs, left), options.signal);
    if (options.signal?.aborted) break;
    current = await options.store.getJobForUser(job.id, options.userId);
  }
  return current;
}
