import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extractChunkRequest } from '@talk-track/testing/internals/local-stack';
import { chatCompletionRequestSchema, messageText } from './chatCompletionRequest.ts';
import { type LlmFaults, pickFault } from './llmFaults.ts';
import { type LlmServerMode, reasoningTokens, refusalFor } from './llmServerMode.ts';
import { type LlmCallRecord, LlmServerStats } from './llmServerStats.ts';
import { sendJson, sendOpenAiError } from './openAiErrors.ts';
import { seededRandom } from './seededRandom.ts';
import { type ChunkAnswer, writeTalkTrackAnswer } from './writeTalkTrackAnswer.ts';

/** Prompts are a few kilobytes; a megabyte is room for the largest allowed deck chunk many times over. */
const MAX_BODY_BYTES = 1024 * 1024;
/** The model ids `GET /v1/models` lists; any model name is accepted on completions. */
const LISTED_MODELS = ['gpt-6-luna', 'gpt-4o-mini', 'gpt-5-mini', 'talk-track-local'];

export interface LlmServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Loopback only: this server is for tests and the offline demo. Default 127.0.0.1. */
  host?: '127.0.0.1' | 'localhost' | '::1';
  /** Time each answered call takes, like a model writing. Default 0. */
  latencyMs?: number;
  /** Seeds fault draws and phrasing, so a run replays exactly. Default 1. */
  seed?: number;
  faults?: LlmFaults;
  /** When set, calls must carry exactly this bearer key (401 otherwise); when not, any key is accepted. */
  apiKey?: string;
  /**
   * Calls being answered at once, like a provider's concurrency limit: a call past it is refused
   * at once with 429 `rate_limit_exceeded` (outcome `rate_limit`), before any fault is drawn.
   * Default: no limit.
   */
  maxConcurrent?: number;
  /** `reasoning`: acts as OpenAI's reasoning models; `no-json-schema`: refuses `json_schema` (see `LlmServerMode`). Default `standard`. */
  mode?: LlmServerMode;
}

export interface LlmServer {
  /** Base URL ending in `/v1`, for `new OpenAI({ baseURL })` and OPENAI_BASE_URL. */
  url: string;
  port: number;
  stats: LlmServerStats;
  setFaults(faults: LlmFaults): void;
  setLatencyMs(latencyMs: number): void;
  /** Stops listening and drops every open connection, hanging calls included. */
  close(): Promise<void>;
}

/** A local OpenAI-compatible server that writes plausible talk tracks for the worker's chunk prompts. */
export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  const stats = new LlmServerStats();
  const seed = options.seed ?? 1;
  const mode = options.mode ?? 'standard';
  const faultRandom = seededRandom(seed);
  // A separate sequence for phrasing, so changing faults does not change the text and vice versa.
  const textRandom = seededRandom(seed ^ 0x9e3779b9);
  let faults: LlmFaults = options.faults ?? {};
  let callsSinceFaultsSet = 0;
  let latencyMs = options.latencyMs ?? 0;
  // Calls admitted past the concurrency limit and not yet settled; refused ones never count.
  let admitted = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendOpenAiError(response, 500, 'server_error', null, `Local LLM server error: ${String(error)}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://local').pathname.replace(/\/+$/, '');
    if (request.method === 'GET' && path === '/v1/models') {
      if (!authorized(request, response)) return;
      sendJson(response, 200, {
        object: 'list',
        data: LISTED_MODELS.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'talk-track-kit' })),
      });
      return;
    }
    if (path !== '/v1/chat/completions') {
      sendOpenAiError(response, 404, 'invalid_request_error', null, `Invalid URL (${request.method} ${path})`);
      return;
    }
    if (request.method !== 'POST') {
      sendOpenAiError(
        response,
        405,
        'invalid_request_error',
        null,
        `Method ${request.method} not allowed on ${path}; use POST.`,
      );
      return;
    }
    const raw = await readBody(request);
    if (raw === null) {
      sendOpenAiError(
        response,
        413,
        'invalid_request_error',
        null,
        `Request body larger than ${MAX_BODY_BYTES} bytes.`,
      );
      return;
    }
    // Every completion call is counted, refused ones included, so tests see each attempt a client made.
    const call: LlmCallRecord = {
      chunkIndex: null,
      slides: null,
      deckTitle: null,
      maxCompletionTokens: null,
      responseFormat: null,
      reasoningEffort: null,
      refusedParam: null,
      promptTokens: 0,
      completionTokens: 0,
      reasoningTokens: 0,
      startedAt: performance.now(),
      endedAt: null,
      outcome: 'pending',
    };
    stats.callStarted(call);
    response.on('close', () => {
      if (call.outcome === 'pending') call.outcome = 'client_gone';
      stats.callSettled(call);
    });
    const refuse = (outcome: LlmCallRecord['outcome'], send: () => void) => {
      call.outcome = outcome;
      send();
    };
    const badRequest = (message: string, code: string | null = null) =>
      refuse('bad_request', () => sendOpenAiError(response, 400, 'invalid_request_error', code, message));

    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return badRequest('We could not parse the JSON body of your request.');
    }
    const parsed = chatCompletionRequestSchema.safeParse(json);
    const chunk = parsed.success
      ? extractChunkRequest(
          parsed.data.messages
            .filter((m) => m.role === 'user')
            .map((m) => messageText(m.content))
            .join('\n'),
        )
      : null;
    if (chunk) {
      call.chunkIndex = chunk.chunkIndex;
      call.slides = [chunk.slides[0]!.index, chunk.slides[chunk.slides.length - 1]!.index];
      call.deckTitle = chunk.deckTitle;
    }
    if (!authorized(request, response, call)) return;
    if (!parsed.success) {
      return badRequest(parsed.error.issues[0]!.message);
    }
    const body = parsed.data;
    call.maxCompletionTokens = body.max_completion_tokens ?? body.max_tokens ?? null;
    call.responseFormat = body.response_format?.type ?? null;
    call.reasoningEffort = body.reasoning_effort ?? null;
    if (body.stream) {
      return badRequest('This local server does not stream; send stream: false.', 'unsupported_value');
    }
    if (!chunk) {
      return badRequest(
        'This local server only writes talk tracks: the user message must hold a <chunk_request> JSON block (see packages/server/src/worker/chunkRequest.ts).',
      );
    }
    const refusal = refusalFor(mode, body);
    if (refusal) {
      call.refusedParam = refusal.param;
      return refuse('bad_request', () =>
        sendOpenAiError(response, 400, 'invalid_request_error', refusal.code, refusal.message, {}, refusal.param),
      );
    }
    if (options.maxConcurrent !== undefined) {
      if (admitted >= options.maxConcurrent) {
        call.outcome = 'rate_limit';
        sendRateLimit(response, body.model, faults.retryAfterSeconds ?? 1);
        return;
      }
      admitted++;
      response.once('close', () => admitted--);
    }
    const fault = pickFault(faults, callsSinceFaultsSet++, faultRandom);
    if (fault === 'hang') {
      // Never answered: the client's timeout (or close()) ends it.
      call.outcome = 'hang';
      return;
    }
    if (fault === 'rate_limit') {
      call.outcome = 'rate_limit';
      sendRateLimit(response, body.model, faults.retryAfterSeconds ?? 1);
      return;
    }
    if (fault === 'server_error') {
      call.outcome = 'server_error';
      sendOpenAiError(
        response,
        500,
        'server_error',
        null,
        'The server had an error while processing your request. Sorry about that!',
      );
      return;
    }
    if (!(await wait(latencyMs, response))) return;

    const answer = writeTalkTrackAnswer(chunk, textRandom);
    if (fault === 'invalid_output') answer.slides.pop();
    if (fault === 'unsafe_text') answer.slides[0]!.script += ' \u0000 \ud800';
    const reply = completion(
      body.model,
      body.messages.map((m) => messageText(m.content)).join('\n'),
      answer,
      call.maxCompletionTokens,
      reasoningTokens(mode, body, chunk, seed),
    );
    call.promptTokens = reply.usage.prompt_tokens;
    call.completionTokens = reply.usage.completion_tokens;
    call.reasoningTokens = reply.usage.completion_tokens_details.reasoning_tokens;
    call.outcome =
      reply.choices[0]!.finish_reason === 'length'
        ? 'token_limit'
        : fault === 'invalid_output' || fault === 'unsafe_text'
          ? fault
          : 'answered';
    sendJson(response, 200, reply);
  }

  /** Sends OpenAI's 401 and returns false when the key is missing or (if one is configured) wrong. */
  function authorized(request: IncomingMessage, response: ServerResponse, call?: LlmCallRecord): boolean {
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
    const problem = !bearer
      ? { code: null, message: "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'." }
      : options.apiKey !== undefined && bearer !== options.apiKey
        ? { code: 'invalid_api_key', message: 'Incorrect API key provided.' }
        : null;
    if (!problem) return true;
    if (call) call.outcome = 'unauthorized';
    sendOpenAiError(response, 401, 'invalid_request_error', problem.code, problem.message);
    return false;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}/v1`,
    port: address.port,
    stats,
    setFaults: (next) => {
      faults = next;
      callsSinceFaultsSet = 0;
    },
    setLatencyMs: (next) => {
      latencyMs = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** OpenAI's 429 for a rate limit, with the wait in both headers it sends. */
function sendRateLimit(response: ServerResponse, model: string, seconds: number): void {
  sendOpenAiError(
    response,
    429,
    'requests',
    'rate_limit_exceeded',
    `Rate limit reached for ${model}. Please try again in ${seconds}s.`,
    {
      'retry-after': String(Math.ceil(seconds)),
      'retry-after-ms': String(Math.round(seconds * 1000)),
    },
  );
}

/**
 * The chat completion for `answer`. `reasoning` tokens are spent first, against the same
 * `max_completion_tokens` as the answer, as a reasoning model spends them: when they take the whole
 * ceiling the content is empty.
 */
function completion(
  model: string,
  promptText: string,
  answer: ChunkAnswer,
  maxCompletionTokens: number | null,
  reasoning: number,
) {
  const full = JSON.stringify(answer);
  // Roughly four characters a token, as OpenAI's tokenizers average on English.
  const promptTokens = Math.ceil(promptText.length / 4);
  const reasoningTokens = maxCompletionTokens === null ? reasoning : Math.min(reasoning, maxCompletionTokens);
  const answerRoom = maxCompletionTokens === null ? Number.POSITIVE_INFINITY : maxCompletionTokens - reasoningTokens;
  // Past the request's cap the answer is cut off, as OpenAI cuts it: finish_reason "length".
  const cut = Math.ceil(full.length / 4) > answerRoom;
  const content = cut ? full.slice(0, answerRoom * 4) : full;
  const completionTokens = reasoningTokens + Math.ceil(content.length / 4);
  return {
    id: `chatcmpl-local-${Math.random().toString(36).slice(2, 14)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: cut ? 'length' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      completion_tokens_details: { reasoning_tokens: reasoningTokens },
    },
    system_fingerprint: 'fp_talk_track_local',
  };
}

/** Resolves true after `ms`, or false as soon as the client goes away (no answer is then written). */
function wait(ms: number, response: ServerResponse): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!response.destroyed);
  return new Promise((resolve) => {
    const gone = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', gone);
      resolve(!response.destroyed);
    }, ms);
    response.once('close', gone);
  });
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    request.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= MAX_BODY_BYTES) parts.push(part);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}
