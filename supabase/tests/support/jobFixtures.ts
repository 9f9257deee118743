import type postgres from 'postgres';
import type { Tx } from './pgTest.ts';
import { OWNER } from './identities.ts';

/** A `talk_track_jobs` row as postgres.js returns it. */
export interface JobRow {
  id: string;
  user_id: string;
  deck_id: string;
  status: string;
  progress: number;
  current_chunk: number;
  total_chunks: number;
  attempts: number;
  llm_calls: number;
  tokens_in: string | number;
  tokens_out: string | number;
  tokens_reasoning: string | number;
  response_format: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  error_code: string | null;
  error_message: string | null;
  error_detail: string | null;
  result: unknown;
  started_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A jsonb parameter. (A JSON string cast with `::jsonb` would arrive as a jsonb string scalar.) */
export function jsonb(tx: Tx, value: unknown): postgres.Parameter {
  return tx.json(value as postgres.JSONValue);
}

export const WORKER = 'worker-1';
export const OTHER_WORKER = 'worker-2';
export const LEASE_SECONDS = 30;

export function deckInput(deckId: string, slideCount: number) {
  return {
    id: deckId,
    title: 'Quarterly review',
    slides: Array.from({ length: slideCount }, (_, i) => ({ title: `Slide ${i + 1}`, bullets: [`Point ${i + 1}`] })),
  };
}

export function chunkOutput(label: string) {
  return {
    slides: [{ index: 0, title: label, script: `Script ${label}`, keyPoints: [], transition: '', durationSeconds: 30 }],
    opening: null,
    closing: null,
  };
}

export const TALK_TRACK = { opening: 'Hello', slides: [], closing: 'Thanks', totalDurationSeconds: 60 };

export interface NewJob {
  userId?: string;
  deckId?: string;
  /** Chunk size is 1, so this is also the number of chunks. */
  chunks?: number;
  idempotencyKey?: string | null;
}

export async function createJob(tx: Tx, job: NewJob = {}): Promise<JobRow> {
  const { userId = OWNER, deckId = 'deck-1', chunks = 2, idempotencyKey = null } = job;
  const [row] = await tx<JobRow[]>`
    select (r.job).* from talk_track_create_job(${userId}, ${deckId}, ${jsonb(tx, deckInput(deckId, chunks))}, 1, ${chunks}, ${idempotencyKey}) r`;
  return row!;
}

export async function claim(
  tx: Tx,
  jobId: string,
  owner = WORKER,
  leaseSeconds = LEASE_SECONDS,
): Promise<JobRow | undefined> {
  const [row] = await tx<JobRow[]>`select * from talk_track_claim_job(${jobId}, ${owner}, ${leaseSeconds})`;
  return row;
}

/**
 * Creates and claims one job per entry of `jobs`, started a second apart in that order (inside one
 * transaction every claim has the same now(), which would leave the place in line to their ids).
 */
export async function claimedInOrder(tx: Tx, jobs: NewJob[]): Promise<JobRow[]> {
  const claimed: JobRow[] = [];
  for (const [i, job] of jobs.entries()) {
    const created = await createJob(tx, job);
    await claim(tx, created.id);
    await tx`update talk_track_jobs set started_at = now() - make_interval(secs => ${jobs.length - i}) where id = ${created.id}`;
    claimed.push(created);
  }
  return claimed;
}

export async function saveChunk(
  tx: Tx,
  jobId: string,
  index: number,
  owner = WORKER,
  label = `chunk ${index}`,
): Promise<JobRow | undefined> {
  const [row] = await tx<JobRow[]>`
    select * from talk_track_save_chunk(${jobId}, ${owner}, ${index}, ${jsonb(tx, chunkOutput(label))})`;
  return row;
}

export async function readJob(tx: Tx, jobId: string): Promise<JobRow> {
  const [row] = await tx<JobRow[]>`select * from talk_track_jobs where id = ${jobId}`;
  return row!;
}

/** Simulates a dead worker: its lease ran out a second ago. */
export async function expireLease(tx: Tx, jobId: string): Promise<void> {
  await tx`update talk_track_jobs set lease_expires_at = now() - interval '1 second' where id = ${jobId}`;
}

/**
 * Moves a job's timestamps into the past, as if it had been created (and updated, finished)
 * `age` ago. The updated_at trigger is switched off for this statement's transaction only.
 */
export async function backdate(tx: Tx, jobId: string, age: string): Promise<void> {
  await tx`set local session_replication_role = replica`;
  await tx`
    update talk_track_jobs
       set created_at = created_at - ${age}::interval,
           updated_at = updated_at - ${age}::interval,
           started_at = started_at - ${age}::interval,
           completed_at = completed_at - ${age}::interval,
           lease_expires_at = lease_expires_at - ${age}::interval
     where id = ${jobId}`;
  await tx`set local session_replication_role = origin`;
}

export type SeedState = 'pending' | 'processing' | 'processing, lease expired' | 'completed' | 'failed' | 'cancelled';

/**
 * A two-chunk job of OWNER brought to `state` through the functions themselves. Processing and
 * completed jobs have both chunks saved; the failed one has one.
 */
export async function seedJob(tx: Tx, state: SeedState, deckId = 'deck-1'): Promise<JobRow> {
  const job = await createJob(tx, { deckId, chunks: 2 });
  if (state === 'pending') return job;
  if (state === 'cancelled') {
    await tx`select * from talk_track_cancel_job(${job.id}, ${OWNER})`;
    return readJob(tx, job.id);
  }
  await claim(tx, job.id);
  await saveChunk(tx, job.id, 0);
  if (state === 'failed') {
    await tx`select * from talk_track_fail_job(${job.id}, ${WORKER}, 'llm_unavailable', 'The AI service is unavailable')`;
    return readJob(tx, job.id);
  }
  await saveChunk(tx, job.id, 1);
  if (state === 'completed') {
    await tx`select * from talk_track_complete_job(${job.id}, ${WORKER}, ${jsonb(tx, TALK_TRACK)})`;
  }
  if (state === 'processing, lease expired') await expireLease(tx, job.id);
  return readJob(tx, job.id);
}
