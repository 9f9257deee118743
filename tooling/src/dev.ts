import { spawnSync } from 'node:child_process';
import { DEFAULT_WORKER_CONFIG } from '@talk-track/testing/internals/local-stack';
import { LLM_SERVER_MODES, type LlmServerMode } from './llm/llmServerMode.ts';
import { startStack } from './stack/startStack.ts';

// `npm run dev`: the whole stack on one machine, offline unless OPENAI_API_KEY is set.

/** Next.js' usual port, so the README's URL is right. */
const APP_PORT = Number(process.env.PORT ?? 3000);
/** Supabase's local API port: the function URL reads as it would under `supabase start`. */
const WORKER_PORT = Number(process.env.TALK_TRACK_WORKER_PORT ?? 54321);
/** How often the local stack calls the function's /sweep, as pg_cron + pg_net do on Supabase. */
const SWEEP_EVERY_MS = 15_000;
/** Per LLM call: a 55-slide deck then takes about half a minute, long enough to walk around the app. */
const DEMO_LLM_LATENCY_MS = Number(process.env.TALK_TRACK_DEMO_LATENCY_MS ?? 5_000);
/** `TALK_TRACK_LLM_MODE=reasoning` (the default model is one; OPENAI_MODEL picks another family) or `no-json-schema`: the local LLM acts as that kind of endpoint. */
const LLM_MODE = llmMode(process.env.TALK_TRACK_LLM_MODE);
/** The model settings reach the function as they would from its secrets. */
const MODEL_SETTINGS = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      /^TALK_TRACK_(REASONING_|TOKENS_PER_SLIDE)/.test(entry[0]) && entry[1] !== undefined,
  ),
);

const verbose = process.argv.includes('--verbose');
const log = (part: string, line: string) => {
  if (verbose || part === 'worker' || /error|warn/i.test(line)) console.log(`[${part}] ${line}`);
};

console.log('Building @talk-track/core, server and react …');
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log('Starting Postgres, the LLM, the edge function under Deno and the example app …');
const stack = await startStack({
  next: { mode: 'dev', port: APP_PORT },
  workerPort: WORKER_PORT,
  llmLatencyMs: DEMO_LLM_LATENCY_MS,
  llmMode: LLM_MODE,
  workerEnv: MODEL_SETTINGS,
  log,
});

console.log(`
Talk Track Kit is running (${stack.mode === 'offline' ? `offline: local OpenAI-compatible server, ${LLM_MODE} mode` : 'OpenAI'}).

  Example app      ${stack.appUrl.replace('127.0.0.1', 'localhost')}   ← open this, go to Step 6
  Edge function    ${stack.worker.url}
  LLM              ${stack.llmUrl} (model ${process.env.OPENAI_MODEL || DEFAULT_WORKER_CONFIG.model})
  Postgres         ${redact(stack.databaseUrl)}

Ctrl-C stops everything.`);

// The scheduled sweep, as production has it: stuck jobs are picked up with no browser open.
const sweepTimer = setInterval(() => {
  fetch(`${stack.worker.url}/sweep`, { method: 'POST', headers: { apikey: stack.workerKey } })
    .then(async (response) => {
      const result = (await response.json()) as { invoked?: string[] };
      if (result.invoked?.length) log('worker', `sweep re-invoked ${result.invoked.length} stuck job(s)`);
    })
    .catch((error: unknown) => log('worker', `sweep failed (warn): ${String(error)}`));
}, SWEEP_EVERY_MS);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweepTimer);
    console.log('\nStopping …');
    void stack.stop().then(() => process.exit(0));
  });
}

function llmMode(value: string | undefined): LlmServerMode {
  if (!value) return 'standard';
  const mode = LLM_SERVER_MODES.find((known) => known === value);
  if (mode) return mode;
  console.error(`TALK_TRACK_LLM_MODE must be one of ${LLM_SERVER_MODES.join(', ')}, got "${value}".`);
  process.exit(1);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
