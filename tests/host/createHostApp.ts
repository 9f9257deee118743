import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CleanupStack } from './cleanupStack.ts';
import { hostCommand } from './hostCommand.ts';

/** The host's own files (layout, pages, its auth), written over what create-next-app and init wrote. */
const HOST_FILES_DIR = fileURLToPath(new URL('./app/', import.meta.url));
/** create-next-app at the major of the `next` this repository builds with. */
const NEXT_MAJOR = (createRequire(import.meta.url)('next/package.json') as { version: string }).version.split('.')[0]!;
/** What the host installs: the kit, sonner for its toasts, postgres for the route's job store. */
const HOST_PACKAGES = ['@talk-track/react', '@talk-track/server', 'sonner', 'postgres'];
/** The function folder init writes, relative to the app. */
export const FUNCTION_PATH = 'supabase/functions/generate-talk-track';

export interface HostApp {
  dir: string;
  /** What `npx talk-track init --yes` printed, the first time and when run again. */
  initOutput: string[];
  rerunOutput: string[];
}

/**
 * A fresh Next.js App Router app in a temp folder outside the workspace, as a host developer
 * starts one: create-next-app (TypeScript, App Router, its own tsconfig.json), an `.npmrc` sending
 * only the `@talk-track` scope to `registryUrl`, `npm install` of the kit, then `talk-track init`.
 */
export async function createHostApp(registryUrl: string, cleanup: CleanupStack): Promise<HostApp> {
  const root = await mkdtemp(join(tmpdir(), 'talk-track-host-'));
  cleanup.defer(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'host-app');
  const run = (command: string, args: string[], cwd = dir, env: Record<string, string> = {}) => hostCommand(command, args, { cwd, env, signal: cleanup.signal });

  // Explicit answers to every question, and a config folder of its own so saved preferences of
  // whoever runs this do not change the app.
  await run(
    'npx',
    ['--yes', `create-next-app@${NEXT_MAJOR}`, 'host-app', '--ts', '--app', '--no-src-dir', '--no-tailwind', '--no-eslint', '--no-react-compiler', '--import-alias', '@/*', '--use-npm', '--skip-install', '--disable-git', '--no-agents-md', '--no-agent-feedback', '--empty', '--yes'],
    root,
    { CI: 'true', XDG_CONFIG_HOME: join(root, 'config') },
  );
  const npmrc = `@talk-track:registry=${registryUrl}\n`;
  await writeFile(join(dir, '.npmrc'), npmrc);
  // --prefer-online: a cached packument of an earlier run's registry on the same port is never trusted.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-online', ...HOST_PACKAGES]);

  const initOutput = await run('npx', ['talk-track', 'init', '--yes']);
  const rerunOutput = await run('npx', ['talk-track', 'init', '--yes']);
  // Supabase's way to a private registry for a function: an .npmrc in the function's folder (Deno reads it there).
  await writeFile(join(dir, FUNCTION_PATH, '.npmrc'), npmrc);
  await cp(HOST_FILES_DIR, dir, { recursive: true });
  return { dir, initOutput, rerunOutput };
}
