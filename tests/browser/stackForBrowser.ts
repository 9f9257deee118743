import type { Browser, BrowserContext } from 'playwright-core';
import { ALLOW_INSECURE_IDENTITY_VAR } from '../../examples/next-app/lib/localUser.ts';
import { freePort } from '../../tooling/src/freePort.ts';
import { type RunningStack, startStack } from '../../tooling/src/stack/startStack.ts';
import { launchChromium } from './browserSession.ts';

/** Lines of the parts' output shown when the stack fails to start. */
const KEPT_OUTPUT_LINES = 60;

export interface BrowserStackOptions {
  /** Per-call latency of the local LLM, so a job runs long enough to be watched. */
  llmLatencyMs: number;
  /** Worker knobs (TALK_TRACK_*). */
  workerEnv?: Record<string, string>;
  /** Extra environment for the example app and its build. */
  appEnv?: Record<string, string>;
}

export interface BrowserStack {
  stack: RunningStack;
  browser: Browser;
  /** A fresh browser profile: a new cookie, so a new user with no job yet. Closed by `stop`. */
  newUser(): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * Everything a browser test needs, built and started once per file (the packages' dist/, which the
 * example imports, is built by the test run's global setup): the example app (`next build` with the stack's own environment, then
 * `next start`), Postgres, the local LLM, the edge function, and Chromium. Offline whatever the
 * developer's shell holds: browser tests never call OpenAI.
 */
export async function startBrowserStack(options: BrowserStackOptions): Promise<BrowserStack> {
  const output: string[] = [];
  let stack: RunningStack;
  try {
    stack = await startStack({
      next: { mode: 'start', port: await freePort(), build: true },
      llmLatencyMs: options.llmLatencyMs,
      workerEnv: options.workerEnv,
      // `next start` runs with NODE_ENV=production, where the example's cookie identity refuses to
      // run unless told this is still the demo (examples/next-app/lib/localUser.ts).
      appEnv: { [ALLOW_INSECURE_IDENTITY_VAR]: '1', ...options.appEnv },
      log: (_part, line) => void output.push(line),
      env: {},
    });
  } catch (error) {
    throw new Error(`${String(error)}\n${output.slice(-KEPT_OUTPUT_LINES).join('\n')}`, { cause: error });
  }

  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  return {
    stack,
    browser,
    async newUser() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
      contexts.push(context);
      return context;
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await stack.stop();
    },
  };
}
