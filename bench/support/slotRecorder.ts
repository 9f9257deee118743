import type { JobStore } from '@talk-track/server';

export interface SlotRecorder {
  /** The store to hand the worker: the same store, with every `beginLlmCall` answer recorded. */
  store: JobStore;
  /**
   * Each time a job waited in line, in ms: from the first 'wait' answer to the job's next 'go'.
   * The same span as the job's `waiting_since` column (set on the first 'wait', cleared on 'go').
   */
  waits(): number[];
  /** Per job, the sum of its waits, in ms (0 for a job that never waited). */
  waitPerJob(): number[];
  /** Slot requests answered so far, per decision. */
  asks: { go: number; wait: number; stop: number };
  /** The largest place in line (`ahead`) a waiting job was told. */
  maxAhead: number;
  /** How long each `beginLlmCall` took to answer, in ms (pool queue, row and allocator locks included). */
  askLatencies(): number[];
  /** How long each `endLlmCall` took, in ms: after its call ended, the slot stays taken this long. */
  releaseLatencies(): number[];
}

/**
 * Watches the LLM slot decisions and how long they take the database makes (`talk_track_begin_llm_call`) without changing
 * them: the call goes to the real store and its answer is passed on untouched.
 */
export function recordSlots(store: JobStore): SlotRecorder {
  const waitingSince = new Map<string, number>();
  const totals = new Map<string, number>();
  const waits: number[] = [];
  const askLatencies: number[] = [];
  const releaseLatencies: number[] = [];
  const recorder: SlotRecorder = {
    store: {
      ...store,
      async beginLlmCall(jobId, owner, lanes, callSeconds) {
        const asked = performance.now();
        const answer = await store.beginLlmCall(jobId, owner, lanes, callSeconds);
        const now = performance.now();
        askLatencies.push(now - asked);
        recorder.asks[answer.decision]++;
        if (!totals.has(jobId)) totals.set(jobId, 0);
        if (answer.decision === 'wait') {
          if (!waitingSince.has(jobId)) waitingSince.set(jobId, now);
          recorder.maxAhead = Math.max(recorder.maxAhead, answer.ahead);
        } else if (answer.decision === 'go' && waitingSince.has(jobId)) {
          const waited = now - waitingSince.get(jobId)!;
          waitingSince.delete(jobId);
          waits.push(waited);
          totals.set(jobId, totals.get(jobId)! + waited);
        }
        return answer;
      },
      async endLlmCall(slotId) {
        const ended = performance.now();
        await store.endLlmCall(slotId);
        releaseLatencies.push(performance.now() - ended);
      },
    },
    waits: () => [...waits],
    waitPerJob: () => [...totals.values()],
    asks: { go: 0, wait: 0, stop: 0 },
    maxAhead: 0,
    askLatencies: () => [...askLatencies],
    releaseLatencies: () => [...releaseLatencies],
  };
  return recorder;
}
