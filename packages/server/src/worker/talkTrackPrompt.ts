import { CHUNK_ANSWER_JSON_SCHEMA } from './chunkAnswerSchema.ts';
import { type ChunkRequest, renderChunkRequest } from './chunkRequest.ts';

const SYSTEM_PROMPT = [
  'You are a presentation coach who writes talk tracks: what a speaker says while each slide is shown.',
  'Write in the first person, as the speaker, in plain spoken language: short sentences, no markdown, no stage directions.',
  'Build on the slide title, bullets and notes; do not invent facts, figures or names the slides do not contain.',
  'Each script takes about 30 to 120 seconds to say; durationSeconds is your estimate of that time.',
  'The transition is one sentence that leads into the next slide by its title; after the final slide it leads into the closing.',
  'Answer with JSON only, matching the given schema, with exactly one entry per requested slide, in the order given.',
].join('\n');

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * The two messages of one chunk's call. The slides travel as a `<chunk_request>` JSON block. With
 * `schemaInPrompt` (an endpoint that refuses `response_format: json_schema` and is asked for
 * `json_object`), the system message carries the JSON schema the answer must follow.
 */
export function buildChunkMessages(
  request: ChunkRequest,
  options: { schemaInPrompt?: boolean } = {},
): [ChatMessage, ChatMessage] {
  const first = request.slides[0]!.index + 1;
  const last = request.slides[request.slides.length - 1]!.index + 1;
  const lines = [
    `Deck: "${request.deckTitle}"${request.audience ? `, for ${request.audience}` : ''}.`,
    `Write the talk track for slides ${first}–${last} of ${request.slideCount} (part ${request.chunkIndex + 1} of ${request.totalChunks}).`,
    request.previousSlideTitle
      ? `The previous slide was "${request.previousSlideTitle}"; continue from it without repeating it.`
      : '',
    request.wantOpening
      ? 'Also write the opening of the whole talk in "opening": greet the audience and say what the talk covers.'
      : 'Set "opening" to null.',
    request.wantClosing
      ? 'Also write the closing of the whole talk in "closing": sum up and thank the audience.'
      : 'Set "closing" to null.',
    'The slides are in this JSON block:',
    renderChunkRequest(request),
  ];
  const schema = options.schemaInPrompt
    ? `\nThe JSON schema of the answer:\n${JSON.stringify(CHUNK_ANSWER_JSON_SCHEMA)}`
    : '';
  return [
    { role: 'system', content: SYSTEM_PROMPT + schema },
    { role: 'user', content: lines.filter(Boolean).join('\n') },
  ];
}
