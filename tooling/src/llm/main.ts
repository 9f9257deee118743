import { parseArgs } from 'node:util';
import { LLM_SERVER_MODES } from './llmServerMode.ts';
import { startLlmServer } from './startLlmServer.ts';

// `npx tsx tooling/src/llm/main.ts --port 8787 [--mode reasoning|no-json-schema] [--latency 800] [--seed 1] [--rate-limit-rate 0.1] [--server-error-rate 0.05]`
// The mode may also come from TALK_TRACK_LLM_MODE, as for `npm run dev`.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    mode: { type: 'string', default: process.env.TALK_TRACK_LLM_MODE || 'standard' },
    latency: { type: 'string', default: '800' },
    seed: { type: 'string', default: '1' },
    'rate-limit-rate': { type: 'string', default: '0' },
    'server-error-rate': { type: 'string', default: '0' },
    'hang-rate': { type: 'string', default: '0' },
  },
});

const mode = LLM_SERVER_MODES.find((known) => known === values.mode);
if (!mode) {
  console.error(`--mode must be one of ${LLM_SERVER_MODES.join(', ')}, got "${values.mode}".`);
  process.exit(1);
}

const server = await startLlmServer({
  port: Number(values.port),
  mode,
  latencyMs: Number(values.latency),
  seed: Number(values.seed),
  faults: {
    rateLimitRate: Number(values['rate-limit-rate']),
    serverErrorRate: Number(values['server-error-rate']),
    hangRate: Number(values['hang-rate']),
  },
});
console.log(
  `Local OpenAI-compatible server on ${server.url}, ${mode} mode (set OPENAI_BASE_URL to this; any OPENAI_API_KEY works)`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
