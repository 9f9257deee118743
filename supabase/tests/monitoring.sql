-- Check Job Status
SELECT id, status, progress, current_chunk, total_chunks, created_at, started_at, completed_at, error_message
FROM talk_track_jobs ORDER BY created_at DESC LIMIT 10;

-- Stuck Jobs: processing whose lease ran out (the worker died), or pending for more than 2 minutes
SELECT id, status, progress, current_chunk, total_chunks, attempts, lease_owner, lease_expires_at, created_at, updated_at
FROM talk_track_jobs
WHERE (status = 'processing' AND lease_expires_at < now())
   OR (status = 'pending' AND updated_at < now() - interval '2 minutes')
ORDER BY updated_at;

-- Failures By Error Code (last 7 days)
SELECT error_code, count(*) AS failures, max(completed_at) AS last_failure,
       (array_agg(error_message ORDER BY completed_at DESC))[1] AS latest_message,
       (array_agg(error_detail ORDER BY completed_at DESC))[1] AS latest_detail
FROM talk_track_jobs
WHERE status = 'failed' AND completed_at > now() - interval '7 days'
GROUP BY error_code
ORDER BY failures DESC;

-- Tokens Per User Per Day: the usage ledger, summed (README "Monitoring")
SELECT user_id, date_trunc('day', created_at) AS day, count(*) AS jobs,
       sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(tokens_reasoning) AS tokens_reasoning,
       sum(llm_calls) AS llm_calls
FROM talk_track_jobs GROUP BY user_id, day ORDER BY day DESC, tokens_out DESC;
