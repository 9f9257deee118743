import type { LlmFaultKind } from './llmFaults.ts';

/** `token_limit`: answered 200 with `finish_reason: "length"` (reasoning mode: the ceiling was spent, maybe all on reasoning). */
export type LlmCallOutcome = 'answered' | 'token_limit' | LlmFaultKind | 'bad_request' | 'unauthorized' | 'client_gone';

/** One `POST /v1/chat/completions`, with the chunk it was for (when the prompt carried one). */
export interface LlmCallRecord {
  chunkIndex: number | null;
  /** Slide range `[first, last]` (0-based, inclusive) of the chunk, when known. */
  slides: [number, number] | null;
  deckTitle: string | null;
  /** `max_completion_tokens` (or `max_tokens`) of the request; `null` when it set none. */
  maxCompletionTokens: number | null;
  /** `response_format.type` of the request; `null` when it set none. */
  responseFormat: string | null;
  /** `reasoning_effort` of the request; `null` when it set none. */
  reasoningEffort: string | null;
  /** The parameter a 400 named, when the call was refused for one. */
  refusedParam: string | null;
  /** `usage.prompt_tokens` the answer reported: what a 200 bills as input (0 for calls answered with an error). */
  promptTokens: number;
  /** `usage.completion_tokens` the answer reported, reasoning included (0 for calls answered with an error). */
  completionTokens: number;
  /** Reasoning tokens the answer reported (reasoning mode). */
  reasoningTokens: number;
  /** `performance.now()` when the call arrived and when its connection closed: tests count overlapping calls from these. */
  startedAt: number;
  endedAt: number | null;
  outcome: LlmCallOutcome | 'pending';
}

/** What the server has seen; tests read it to count regenerated chunks and concurrency. */
export class LlmServerStats {
  readonly calls: LlmCallRecord[] = [];
  inFlight = 0;
  maxInFlight = 0;
  #idleWaiters: (() => void)[] = [];

  /** Resolves once no call is in flight (at once if none is): lets tests await a client giving up instead of sleeping. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** @internal The server calls this when a chat completion call arrives. */
  callStarted(call: LlmCallRecord): void {
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  /** @internal The server calls this when a call's connection closes, answered or not. */
  callSettled(call: LlmCallRecord): void {
    call.endedAt = performance.now();
    this.inFlight--;
    if (this.inFlight === 0) this.#idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  get totalCalls(): number {
    return this.calls.length;
  }

  /** Calls per chunk index, counting every attempt (answered or failed). */
  callsPerChunk(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const call of this.calls) {
      if (call.chunkIndex !== null) counts.set(call.chunkIndex, (counts.get(call.chunkIndex) ?? 0) + 1);
    }
    return counts;
  }

  /** Calls per slide range, keyed `"first-last"`. */
  callsPerSlideRange(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.calls) {
      if (call.slides) {
        const key = `${call.slides[0]}-${call.slides[1]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** The most calls of `deckTitle` that were in flight at the same moment. */
  maxInFlightFor(deckTitle: string): number {
    const edges = this.calls
      .filter((call) => call.deckTitle === deckTitle)
      .flatMap((call) => [
        { at: call.startedAt, delta: 1 },
        { at: call.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
      ])
      // At the same instant an end comes before a start: a slot given back and taken again is not two calls.
      .sort((a, b) => a.at - b.at || a.delta - b.delta);
    let current = 0;
    let max = 0;
    for (const edge of edges) {
      current += edge.delta;
      max = Math.max(max, current);
    }
    return max;
  }

  count(outcome: LlmCallRecord['outcome']): number {
    return this.calls.filter((call) => call.outcome === outcome).length;
  }

  /** Chunk indexes whose call was answered with a valid talk track, once per answer. */
  answeredChunks(): number[] {
    return this.calls
      .filter((call) => call.outcome === 'answered' && call.chunkIndex !== null)
      .map((call) => call.chunkIndex!);
  }
}
