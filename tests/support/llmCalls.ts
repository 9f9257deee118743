import type { LlmCallRecord, LlmServerStats } from '../../tooling/src/llm/llmServerStats.ts';

// The local LLM server does not know jobs; each test deck gets its own title, and the calls for a
// job are the calls whose chunk request carried that title.

export function callsForDeck(stats: LlmServerStats, deckTitle: string): LlmCallRecord[] {
  return stats.calls.filter((call) => call.deckTitle === deckTitle);
}

/** Calls per chunk index for one deck, every attempt counted (answered, failed or abandoned). */
export function callsPerChunk(stats: LlmServerStats, deckTitle: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of callsForDeck(stats, deckTitle)) {
    if (call.chunkIndex !== null) counts.set(call.chunkIndex, (counts.get(call.chunkIndex) ?? 0) + 1);
  }
  return counts;
}

/** Answered calls per chunk index for one deck: 1 everywhere means no chunk was generated twice. */
export function answersPerChunk(stats: LlmServerStats, deckTitle: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of callsForDeck(stats, deckTitle)) {
    if (call.chunkIndex !== null && call.outcome === 'answered')
      counts.set(call.chunkIndex, (counts.get(call.chunkIndex) ?? 0) + 1);
  }
  return counts;
}

/** Whether a call for `chunkIndex` of the deck has reached the server. */
export function callArrived(stats: LlmServerStats, deckTitle: string, chunkIndex: number): boolean {
  return stats.calls.some((call) => call.deckTitle === deckTitle && call.chunkIndex === chunkIndex);
}
