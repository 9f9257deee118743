import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKER_CONFIG, WorkerConfigError, readWorkerConfig } from './workerConfig.ts';

describe('worker config', () => {
  it('has defaults safe on the free plan: budget plus one LLM timeout under 150 s', () => {
    const config = readWorkerConfig({ OPENAI_API_KEY: 'sk-test', SUPABASE_URL: 'https://abc.supabase.co/' });
    expect(config).toMatchObject({
      ...DEFAULT_WORKER_CONFIG,
      openAiBaseUrl: undefined,
      heartbeatIntervalMs: 10_000,
      reasoningModel: undefined,
      reasoningTokensPerSlide: undefined,
    });
    expect(config.workerUrl).toBe('https://abc.supabase.co/functions/v1/generate-talk-track');
    expect(config.timeBudgetMs + config.llmTimeoutMs).toBeLessThan(150_000);
  });

  it('reads every override', () => {
    const config = readWorkerConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:8787/v1',
      OPENAI_MODEL: 'gpt-4.1-mini',
      TALK_TRACK_CHUNK_CONCURRENCY: '5',
      TALK_TRACK_TIME_BUDGET_MS: '1500',
      TALK_TRACK_MAX_ATTEMPTS: '2',
      TALK_TRACK_LLM_TIMEOUT_MS: '800',
      TALK_TRACK_LEASE_SECONDS: '2',
      TALK_TRACK_HEARTBEAT_INTERVAL_MS: '500',
      TALK_TRACK_LEASE_CHECK_MS: '200',
      TALK_TRACK_WALL_CLOCK_MS: '400000',
      TALK_TRACK_RETRY_BASE_DELAY_MS: '10',
      TALK_TRACK_RETRY_MAX_DELAY_MS: '40',
      TALK_TRACK_REASONING_MODEL: 'TRUE',
      TALK_TRACK_REASONING_EFFORT: 'Minimal',
      TALK_TRACK_REASONING_TOKENS_PER_SLIDE: '300',
      TALK_TRACK_TOKENS_PER_SLIDE: '900',
      TALK_TRACK_WORKER_URL: 'http://127.0.0.1:9999/',
    });
    expect(config).toEqual({
      openAiApiKey: 'sk-test',
      openAiBaseUrl: 'http://127.0.0.1:8787/v1',
      model: 'gpt-4.1-mini',
      reasoningModel: true,
      reasoningEffort: 'minimal',
      reasoningTokensPerSlide: 300,
      answerTokensPerSlide: 900,
      chunkConcurrency: 5,
      timeBudgetMs: 1500,
      wallClockMs: 400_000,
      maxAttempts: 2,
      llmTimeoutMs: 800,
      leaseSeconds: 2,
      heartbeatIntervalMs: 500,
      leaseCheckIntervalMs: 200,
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 40,
      workerUrl: 'http://127.0.0.1:9999/',
    });
  });

  it('says which variable is wrong and what to do', () => {
    expect(() => readWorkerConfig({})).toThrow(/OPENAI_API_KEY is not set/);
    expect(() => readWorkerConfig({ OPENAI_API_KEY: 'k', TALK_TRACK_MAX_ATTEMPTS: '0' })).toThrow(WorkerConfigError);
    expect(() => readWorkerConfig({ OPENAI_API_KEY: 'k', TALK_TRACK_CHUNK_CONCURRENCY: 'three' })).toThrow(
      /TALK_TRACK_CHUNK_CONCURRENCY must be a positive whole number, got "three"/,
    );
    expect(() => readWorkerConfig({ OPENAI_API_KEY: 'k', TALK_TRACK_REASONING_EFFORT: 'xhigh' })).toThrow(
      /TALK_TRACK_REASONING_EFFORT must be one of none, minimal, low, medium, high, got "xhigh"/,
    );
    expect(() => readWorkerConfig({ OPENAI_API_KEY: 'k', TALK_TRACK_REASONING_MODEL: 'yes' })).toThrow(
      /TALK_TRACK_REASONING_MODEL must be true or false/,
    );
    expect(() => readWorkerConfig({ OPENAI_API_KEY: 'k', TALK_TRACK_TOKENS_PER_SLIDE: '0' })).toThrow(
      /TALK_TRACK_TOKENS_PER_SLIDE must be a positive/,
    );
    expect(() =>
      readWorkerConfig({
        OPENAI_API_KEY: 'k',
        TALK_TRACK_LEASE_SECONDS: '2',
        TALK_TRACK_HEARTBEAT_INTERVAL_MS: '2000',
      }),
    ).toThrow(/shorter than the lease/);
  });
});
