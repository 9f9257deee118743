import { existsSync } from 'node:fs';

/** Debian's Chromium, where `apt-get install chromium` put it. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
/** Without these Chromium keeps dialling out of a closed network. */
const OFFLINE_ARGS = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Root in a container: no sandbox; no GPU here. */
const SYSTEM_CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', ...OFFLINE_ARGS];
/**
 * `@sparticuz/chromium`'s flags are tuned for AWS Lambda. These would make the browser behave
 * unlike a user's: one process for every tab, no same-origin policy, no site isolation.
 */
const SERVERLESS_ONLY_ARGS =
  /^--(single-process|disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|disable-features=)/;

export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  /** Where the binary came from, for logs. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/**
 * Which Chromium the browser tests drive: `CHROMIUM_PATH` when set, Debian's when installed, else
 * the headless build the `@sparticuz/chromium` npm package carries (extracted to the temp dir on
 * first use), so `npm install && npm test` needs no apt step. Playwright's own browser download
 * cannot work on these machines.
 */
export async function chromiumLaunch(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumLaunch> {
  if (env.CHROMIUM_PATH)
    return { executablePath: env.CHROMIUM_PATH, args: SYSTEM_CHROMIUM_ARGS, source: 'CHROMIUM_PATH' };
  if (existsSync(SYSTEM_CHROMIUM))
    return { executablePath: SYSTEM_CHROMIUM, args: SYSTEM_CHROMIUM_ARGS, source: 'system' };
  const { default: serverless } = await import('@sparticuz/chromium');
  return {
    executablePath: await serverless.executablePath(),
    args: [...serverless.args.filter((arg) => !SERVERLESS_ONLY_ARGS.test(arg)), ...OFFLINE_ARGS],
    source: '@sparticuz/chromium',
  };
}
