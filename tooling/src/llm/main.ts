import { parseArgs } from 'node:util';
import { startLlmServer } from './startLlmServer.ts';

// `npx tsx tooling/src/llm/main.ts --port 8787 [--latency 800] [--seed 1] [--rate-limit-rate 0.1] [--server-error-rate 0.05]`
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    latency: { type: 'string', default: '800' },
    seed: { type: 'string', default: '1' },
    'rate-limit-rate': { type: 'string', default: '0' },
    'server-error-rate': { type: 'string', default: '0' },
    'hang-rate': { type: 'string', default: '0' },
  },
});

const server = await startLlmServer({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  seed: Number(values.seed),
  faults: {
    rateLimitRate: Number(values['rate-limit-rate']),
    serverErrorRate: Number(values['server-error-rate']),
    hangRate: Number(values['hang-rate']),
  },
});
console.log(`Local OpenAI-compatible server on ${server.url} (set OPENAI_BASE_URL to this; any OPENAI_API_KEY works)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
