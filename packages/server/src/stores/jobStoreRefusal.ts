import { JobStoreError, type LimitRefusal } from '../jobStore.ts';

const LIMITS: readonly LimitRefusal['limit'][] = [
  'too_many_active_jobs',
  'too_many_starts',
  'daily_token_budget_exceeded',
];
/** When the database's DETAIL is unreadable: a job takes minutes, so half a minute is a fair wait. */
const FALLBACK_RETRY_AFTER_SECONDS = 30;

/**
 * The migration's refusals (custom SQLSTATEs `TT…`, see its header) as the `JobStoreError` the
 * route handlers understand; `null` for any other code. Shared by both adapters: postgres.js hands
 * over `detail`, PostgREST `details`, with the same text.
 */
export function jobStoreRefusal(
  code: string,
  message: string | undefined,
  detail: string | null | undefined,
): JobStoreError | null {
  switch (code) {
    case 'TT409':
      return new JobStoreError(
        'job_already_active',
        message || 'A job is already active for this deck',
        detail || undefined,
      );
    case 'TT422':
      return new JobStoreError('invalid_transition', message || 'The job cannot make that change now');
    case 'TT403':
      return new JobStoreError('retry_budget_exhausted', message || 'The job used its whole retry budget');
    case 'TT429':
      return new JobStoreError(
        'limit_reached',
        message || 'A per-user limit was reached',
        undefined,
        limitRefusal(detail),
      );
    default:
      return null;
  }
}

function limitRefusal(detail: string | null | undefined): LimitRefusal {
  let parsed: { code?: unknown; retryAfterSeconds?: unknown } = {};
  try {
    parsed = JSON.parse(detail ?? '{}') as typeof parsed;
  } catch {
    // Unreadable DETAIL: still a refusal, with the fallback below.
  }
  const limit = LIMITS.find((known) => known === parsed.code) ?? 'too_many_active_jobs';
  const seconds = Number(parsed.retryAfterSeconds);
  return {
    limit,
    retryAfterSeconds: Number.isFinite(seconds) && seconds >= 1 ? Math.ceil(seconds) : FALLBACK_RETRY_AFTER_SECONDS,
  };
}
