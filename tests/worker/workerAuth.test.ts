import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJob } from '@talk-track/testing/server';
import type { WorkerProcess } from '../../tooling/src/worker/startWorker.ts';
import { type WorkerStack, startWorkerStack } from '../support/workerStack.ts';

// A signed-in user's access token: a well-formed JWT with role "authenticated" (signature irrelevant: it is never decoded).
const USER_JWT = [
  Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url'),
  Buffer.from(
    JSON.stringify({ sub: '3f1c0e52-0000-4000-8000-000000000001', role: 'authenticated', exp: 4_102_444_800 }),
  ).toString('base64url'),
  'c2lnbmF0dXJl',
].join('.');

let stack: WorkerStack;
let worker: WorkerProcess;
beforeAll(async () => {
  stack = await startWorkerStack();
  worker = await stack.startDeno();
});
afterAll(() => stack?.close());

describe('who may invoke the edge function', () => {
  it.each([
    ['no key', {}],
    ['a wrong key', { apikey: 'sb_secret_not_the_right_one' }],
    ['a wrong bearer key', { authorization: 'Bearer sb_secret_not_the_right_one' }],
    ["a user's JWT", { authorization: `Bearer ${USER_JWT}` }],
  ])('refuses %s with 401 and leaves the job untouched', async (_, headers) => {
    const job = await stack.createJob(3);
    const response = await stack.invoke(worker, job.id, headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
    expect(await readJob(stack.db.sql, job.id)).toMatchObject({ status: 'pending', attempts: 0, leaseOwner: null });
    expect(stack.llm.stats.totalCalls).toBe(0);
  });

  it('accepts the secret key in apikey and as a bearer token', async () => {
    const viaApiKey = await stack.createJob(3);
    expect(await (await stack.invoke(worker, viaApiKey.id, { apikey: stack.key })).json()).toEqual({
      accepted: true,
      jobId: viaApiKey.id,
    });
    const viaBearer = await stack.createJob(3);
    expect(await (await stack.invoke(worker, viaBearer.id, { authorization: `Bearer ${stack.key}` })).json()).toEqual({
      accepted: true,
      jobId: viaBearer.id,
    });
    await stack.waitForJob(viaApiKey.id, (j) => j.status === 'completed');
    await stack.waitForJob(viaBearer.id, (j) => j.status === 'completed');
  });

  it('answers 400 with the field for a bad job id, and accepted:false for an unknown job', async () => {
    const bad = await fetch(worker.url, {
      method: 'POST',
      headers: { apikey: stack.key },
      body: JSON.stringify({ jobId: 'job-1' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', field: 'jobId' });
    const unknownId = '7d9e6a43-5b2c-4e8f-9a1d-3c4b5a6d7e8f';
    expect(await (await stack.invoke(worker, unknownId)).json()).toEqual({ accepted: false, jobId: unknownId });
  });
});
