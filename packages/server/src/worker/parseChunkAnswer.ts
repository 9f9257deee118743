import { WORKER_ERROR_CODES } from '@talk-track/core';
import type { ChunkOutput } from '../jobStore.ts';
import type { ChunkRequest } from './chunkRequest.ts';
import { chunkAnswerSchema } from './chunkAnswerSchema.ts';
import { WorkerError } from './workerError.ts';

/**
 * Checks one chunk's answer against what was asked: valid JSON of the schema, exactly the chunk's
 * slides in order, an opening on the first chunk and a closing on the last. Anything else throws a
 * retryable `llm_invalid_output`, because the next sample may well be right.
 */
export function parseChunkAnswer(content: string | null | undefined, request: ChunkRequest): ChunkOutput {
  const invalid = (why: string) =>
    new WorkerError(
      WORKER_ERROR_CODES.llmInvalidOutput,
      `The LLM answer for chunk ${request.chunkIndex} is invalid: ${why}`,
      true,
    );

  if (!content?.trim()) throw invalid('it is empty');
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw invalid('it is not JSON');
  }
  const parsed = chunkAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const answer = parsed.data;

  const expected = request.slides.map((slide) => slide.index);
  const got = answer.slides.map((slide) => slide.index);
  if (got.length !== expected.length || got.some((index, i) => index !== expected[i])) {
    throw invalid(`expected slides [${expected.join(', ')}], got [${got.join(', ')}]`);
  }
  if (request.wantOpening && answer.opening === null) throw invalid('the opening is missing');
  if (request.wantClosing && answer.closing === null) throw invalid('the closing is missing');

  return {
    slides: answer.slides.map((slide, i) => ({
      index: slide.index,
      // The deck's own title, never the model's rewording of it.
      title: request.slides[i]!.title,
      script: slide.script,
      keyPoints: slide.keyPoints,
      transition: slide.transition,
      durationSeconds: slide.durationSeconds,
    })),
    // A model that volunteers an opening on a middle chunk is not wrong, only ignored.
    opening: request.wantOpening ? answer.opening : null,
    closing: request.wantClosing ? answer.closing : null,
  };
}
