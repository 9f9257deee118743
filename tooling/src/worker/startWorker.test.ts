import { describe, expect, it } from 'vitest';
import { startWorker } from './startWorker.ts';

describe('startWorker', () => {
  it('says why when the function cannot boot, with its output', async () => {
    await expect(startWorker({ env: { OPENAI_API_KEY: 'k' } })).rejects.toThrow(
      /exited before listening[\s\S]*SUPABASE_DB_URL is not set/,
    );
    await expect(startWorker({ env: { SUPABASE_DB_URL: 'postgres://127.0.0.1:1/none' } })).rejects.toThrow(
      /OPENAI_API_KEY is not set/,
    );
  });

  it('runs the function under Deno with only network and environment access, and stops it', async () => {
    const worker = await startWorker({
      env: { SUPABASE_DB_URL: 'postgres://127.0.0.1:1/none', OPENAI_API_KEY: 'k', TALK_TRACK_WORKER_KEY: 'wk' },
    });
    try {
      expect(worker.url).toBe(`http://127.0.0.1:${worker.port}/functions/v1/generate-talk-track`);
      const refused = await fetch(worker.url, { method: 'POST', body: '{}' });
      expect(refused.status).toBe(401);
      // Authenticated, but the database is unreachable: a clear 503, not a crash.
      const response = await fetch(worker.url, {
        method: 'POST',
        headers: { apikey: 'wk' },
        body: JSON.stringify({ jobId: crypto.randomUUID() }),
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'service_unavailable' });
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });
});
