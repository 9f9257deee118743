import type { Deck, TalkTrack } from '@talk-track/core';
import {
  DEFAULT_CHUNK_SIZE,
  planChunks,
  type ChunkOutput,
  assembleTalkTrack,
  buildChunkRequest,
  parseChunkAnswer,
} from '@talk-track/testing/internals';
import { seededRandom } from '../../tooling/src/llm/seededRandom.ts';
import { writeTalkTrackAnswer } from '../../tooling/src/llm/writeTalkTrackAnswer.ts';

/** Chunk outputs as the worker saves them: the local LLM's answer, parsed and checked by the worker's own parser. */
export function chunkOutputs(deck: Deck, count: number): ChunkOutput[] {
  const plan = planChunks(deck.slides, DEFAULT_CHUNK_SIZE);
  const random = seededRandom(7);
  return plan.slice(0, count).map((chunk) => {
    const request = buildChunkRequest(deck, chunk, plan.length);
    return parseChunkAnswer(JSON.stringify(writeTalkTrackAnswer(request, random)), request);
  });
}

/** The finished talk track the worker would assemble from all of the deck's chunks. */
export function finishedTalkTrack(deck: Deck): TalkTrack {
  const outputs = chunkOutputs(deck, Number.POSITIVE_INFINITY);
  return assembleTalkTrack(
    deck,
    outputs.map((output, chunkIndex) => ({ jobId: '', chunkIndex, output, createdAt: '' })),
    outputs.length,
  );
}
