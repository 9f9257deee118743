import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '@talk-track/testing/internals';
import { type WorkerStack, type WorkerStackOptions, startWorkerStack } from '../support/workerStack.ts';

// Whole jobs through the edge function under Deno, against the local LLM server acting as OpenAI's
// reasoning models and as an OpenAI-compatible endpoint that refuses json_schema.

let stack: WorkerStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function runJob(
  options: WorkerStackOptions,
  slideCount: number,
): Promise<{ stack: WorkerStack; job: JobRecord }> {
  stack = await startWorkerStack(options);
  const worker = await stack.startDeno();
  const created = await stack.createJob(slideCount);
  await stack.invoke(worker, created.id);
  const { job } = await stack.waitForJob(
    created.id,
    (j) => j.status !== 'pending' && j.status !== 'processing',
    60_000,
  );
  return { stack, job };
}

const ended = (j: JobRecord) => j.status !== 'pending' && j.status !== 'processing';

describe('a reasoning model', () => {
  // The default (gpt-6-luna, OPENAI_MODEL unset) and gpt-5-mini, which hosts configured before it.
  it.each([
    ['gpt-6-luna', {}],
    ['gpt-5-mini', { OPENAI_MODEL: 'gpt-5-mini' }],
  ])(
    '%s completes a 55-slide deck with no empty answer, at most 1.2 calls a chunk, and its reasoning tokens in the ledger',
    async (model, workerEnv) => {
      const { stack: s, job } = await runJob({ llm: { mode: 'reasoning', latencyMs: 20 }, workerEnv }, 55);
      expect(job.status).toBe('completed');
      expect(job.result!.slides).toHaveLength(55);
      expect(job.result!.slides.every((slide) => slide.script.includes(slide.title))).toBe(true);

      const calls = s.llm.stats.calls;
      expect(calls.length / job.totalChunks).toBeLessThanOrEqual(1.2);
      expect(calls.filter((call) => call.outcome === 'token_limit')).toEqual([]);
      // The request a reasoning model accepts: its effort, a ceiling with room to think, no max_tokens (the server would refuse it).
      expect(
        calls.every(
          (call) =>
            call.outcome === 'answered' && call.reasoningEffort === 'low' && call.responseFormat === 'json_schema',
        ),
      ).toBe(true);

      const chunks = await s.db.sql<{ tokens_out: number; tokens_reasoning: number }[]>`
      select tokens_out, tokens_reasoning from talk_track_chunks where job_id = ${job.id}`;
      expect(chunks).toHaveLength(job.totalChunks);
      expect(chunks.every((chunk) => chunk.tokens_reasoning > 0 && chunk.tokens_reasoning < chunk.tokens_out)).toBe(
        true,
      );
      expect(job.tokensReasoning).toBe(calls.reduce((sum, call) => sum + call.reasoningTokens, 0));
      expect(job.tokensReasoning).toBe(chunks.reduce((sum, chunk) => sum + chunk.tokens_reasoning, 0));
      expect(job.responseFormat).toBe('json_schema');
      const [timing] = await s.db.sql<
        { model: string }[]
      >`select model from talk_track_job_timings order by id desc limit 1`;
      expect(timing?.model).toBe(model);
    },
  );

  it('fails llm_token_limit after one larger retry when the ceiling cannot hold any answer, naming the setting for the host only', async () => {
    const { stack: s, job } = await runJob(
      {
        llm: { mode: 'reasoning' },
        workerEnv: {
          OPENAI_MODEL: 'gpt-5-mini',
          TALK_TRACK_REASONING_EFFORT: 'high',
          TALK_TRACK_REASONING_TOKENS_PER_SLIDE: '1',
        },
      },
      10,
    );
    expect(job).toMatchObject({ status: 'failed', errorCode: 'llm_token_limit' });
    expect(job.errorMessage).toBe(
      'The AI service ran out of room for its answer, so an administrator needs to raise its token limit. Your finished slides are kept.',
    );
    expect(job.errorDetail).toMatch(
      /model "gpt-5-mini" was cut off at max_completion_tokens \d+ \(\d+ of them reasoning\), on the retry with a larger ceiling too\. Raise TALK_TRACK_REASONING_TOKENS_PER_SLIDE \(now 1\)/,
    );
    const failedLine = s.workers[0]!.output().find((line) => line.includes('] job failed"'));
    expect(JSON.parse(failedLine!)).toMatchObject({
      code: 'llm_token_limit',
      error: expect.stringContaining('TALK_TRACK_REASONING_TOKENS_PER_SLIDE'),
    });

    // Never an invalid-output loop: each chunk asked at most twice, the second time with twice the ceiling.
    const calls = s.llm.stats.calls;
    expect(calls.every((call) => call.outcome === 'token_limit')).toBe(true);
    const perChunk = s.llm.stats.callsPerChunk();
    expect([...perChunk.values()].every((count) => count <= 2)).toBe(true);
    const first = calls.filter((call) => call.chunkIndex === calls[0]!.chunkIndex);
    expect(first).toHaveLength(2);
    expect(first[1]!.maxCompletionTokens).toBe(first[0]!.maxCompletionTokens! * 2);
    // The retry took its own slot: the job's retry budget counts every call.
    expect(job.llmCalls).toBe(calls.length);
    // No answer was kept, yet every call was billed: the ledger (which the daily token budget reads) has them all.
    const sum = (field: 'promptTokens' | 'completionTokens' | 'reasoningTokens') =>
      calls.reduce((total, call) => total + call[field], 0);
    expect(sum('completionTokens')).toBeGreaterThan(0);
    expect({ tokensIn: job.tokensIn, tokensOut: job.tokensOut, tokensReasoning: job.tokensReasoning }).toEqual({
      tokensIn: sum('promptTokens'),
      tokensOut: sum('completionTokens'),
      tokensReasoning: sum('reasoningTokens'),
    });
  });

  it("fails llm_request_rejected with the provider's message when it refuses a parameter, without retrying", async () => {
    const { stack: s, job } = await runJob(
      { llm: { mode: 'reasoning' }, workerEnv: { OPENAI_MODEL: 'o4-mini', TALK_TRACK_REASONING_EFFORT: 'minimal' } },
      10,
    );
    expect(job).toMatchObject({ status: 'failed', errorCode: 'llm_request_rejected' });
    expect(job.errorMessage).not.toMatch(/reasoning_effort|TALK_TRACK/);
    expect(job.errorDetail).toContain(
      "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model.",
    );
    expect(job.errorDetail).toContain('parameter reasoning_effort, code unsupported_value');
    // Both chunks start together; neither is tried again.
    expect(s.llm.stats.calls.map((call) => call.refusedParam)).toEqual(['reasoning_effort', 'reasoning_effort']);
  });
});

describe('an OpenAI-compatible endpoint that refuses json_schema', () => {
  it('completes in json_object mode, records it, and stops asking for json_schema once it knows', async () => {
    const { stack: s, job } = await runJob({ llm: { mode: 'no-json-schema', latencyMs: 20 } }, 20);
    expect(job.status).toBe('completed');
    expect(job.result!.slides).toHaveLength(20);
    expect(job.responseFormat).toBe('json_object');
    const formats = await s.db.sql<
      { response_format: string }[]
    >`select response_format from talk_track_chunks where job_id = ${job.id}`;
    expect(formats.map((row) => row.response_format)).toEqual(Array(job.totalChunks).fill('json_object'));

    // Only calls already in flight when the first refusal came back (at most the job's 3 lanes)
    // asked for json_schema; the refusals cost LLM calls of the budget, not attempts.
    const refused = s.llm.stats.calls.filter((call) => call.refusedParam === 'response_format');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(3);
    expect(job.llmCalls).toBe(job.totalChunks + refused.length);

    // A later job in the same worker process never asks for json_schema.
    const next = await s.createJob(10);
    const callsBefore = s.llm.stats.calls.length;
    await s.invoke(s.workers[0]!, next.id);
    const { job: done } = await s.waitForJob(next.id, ended);
    expect(done).toMatchObject({ status: 'completed', responseFormat: 'json_object' });
    expect(s.llm.stats.calls.slice(callsBefore).map((call) => call.responseFormat)).toEqual([
      'json_object',
      'json_object',
    ]);
  });
});
