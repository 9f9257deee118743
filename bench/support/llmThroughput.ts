import type { LlmServerStats } from '../../tooling/src/llm/llmServerStats.ts';

export interface LlmThroughput {
  /** Σ over answered calls of (connection closed − call arrived), in ms: slot time that produced a talk track. */
  busyMs: number;
  /** From the first call's arrival to the last call's end, in ms. */
  windowMs: number;
  /** busyMs ÷ (limit × windowMs): the share of the provider's capacity that did useful work (1 = every slot busy all the time). */
  fraction: number;
  /** busyMs ÷ windowMs: answered calls in flight on average. */
  meanInFlight: number;
}

/** How much of a provider's concurrency limit the calls the local LLM server answered kept busy. */
export function llmThroughput(stats: LlmServerStats, limit: number): LlmThroughput {
  const calls = stats.calls.filter((call) => call.endedAt !== null);
  if (calls.length === 0) throw new Error('no LLM call ended: nothing to measure');
  const first = Math.min(...calls.map((call) => call.startedAt));
  const last = Math.max(...calls.map((call) => call.endedAt!));
  const busyMs = calls
    .filter((call) => call.outcome === 'answered')
    .reduce((sum, call) => sum + (call.endedAt! - call.startedAt), 0);
  const windowMs = last - first;
  return { busyMs, windowMs, fraction: busyMs / (limit * windowMs), meanInFlight: busyMs / windowMs };
}
