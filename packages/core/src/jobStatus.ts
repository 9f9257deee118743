/** Every state a talk track job can be in. The SQL functions in the migration own the transitions. */
export const JOB_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

export type TerminalJobStatus = Extract<JobStatus, 'completed' | 'failed' | 'cancelled'>;

export function isTerminalStatus(status: JobStatus): status is TerminalJobStatus {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

export function isActiveStatus(status: JobStatus): boolean {
  return status === 'pending' || status === 'processing';
}
