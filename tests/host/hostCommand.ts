import { spawnManaged } from '../../tooling/src/stack/childProcess.ts';

/** Lines of a failed command's output kept for its error message. */
const KEPT_OUTPUT_LINES = 80;

/**
 * The environment of a host developer's shell: this process's, minus what `npm run test:host`
 * and vitest add (npm_config_*, INIT_CWD, NODE_ENV=test …), so npm in the host app knows nothing of this
 * workspace.
 */
export function hostEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|INIT_CWD$|NODE_OPTIONS$|NODE_ENV$|VITEST)/i.test(name)) env[name] = value;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

/**
 * Runs one command in the host app as a developer would type it, with no stdin; resolves with its
 * output, or throws with the output's tail. `signal` stops it (its whole process group) early.
 */
export async function hostCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; signal?: AbortSignal },
): Promise<string[]> {
  const lines: string[] = [];
  const child = spawnManaged(command, args, { cwd: options.cwd, env: hostEnv(options.env) }, (line) =>
    lines.push(line),
  );
  const abort = () => void child.stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const code = await child.exited;
    if (code !== 0)
      throw new Error(
        `\`${command} ${args.join(' ')}\` in ${options.cwd} exited with ${code}:\n${lines.slice(-KEPT_OUTPUT_LINES).join('\n')}`,
      );
    return lines;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
