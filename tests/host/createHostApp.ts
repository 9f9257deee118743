import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CleanupStack } from './cleanupStack.ts';
import { hostCommand } from './hostCommand.ts';
import type { HostRow } from './hostRows.ts';

/** The host's own files (layout, pages, its auth), written over what create-next-app and init wrote. */
const HOST_FILES_DIR = fileURLToPath(new URL('./app/', import.meta.url));
/** The function folder init writes, relative to the app. */
export const FUNCTION_PATH = 'supabase/functions/generate-talk-track';
/** Where init writes its Supabase Auth getUserId.ts (the host's own one replaces it). */
const INIT_GET_USER_ID = 'app/api/generate/talk-track/[[...path]]/getUserId.ts';
/** Where init's getUserId.ts is kept, so `next build` still type-checks it against this row's @supabase/ssr and next. */
const KEPT_INIT_GET_USER_ID = 'lib/initGetUserId.ts';

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
 * `row` says which create-next-app and which versions of what the host installs.
 */
export async function createHostApp(registryUrl: string, row: HostRow, cleanup: CleanupStack): Promise<HostApp> {
  const root = await mkdtemp(join(tmpdir(), 'talk-track-host-'));
  cleanup.defer(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'host-app');
  const run = (command: string, args: string[], cwd = dir, env: Record<string, string> = {}) =>
    hostCommand(command, args, { cwd, env, signal: cleanup.signal });

  // Explicit answers to every question, and a config folder of its own so saved preferences of
  // whoever runs this do not change the app.
  await run(
    'npx',
    ['--yes', `create-next-app@${row.createNextApp.version}`, 'host-app', ...row.createNextApp.args],
    root,
    { CI: 'true', XDG_CONFIG_HOME: join(root, 'config') },
  );
  const npmrc = `@talk-track:registry=${registryUrl}\n`;
  await writeFile(join(dir, '.npmrc'), npmrc);
  // --prefer-online: a cached packument of an earlier run's registry on the same port is never trusted.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-online', ...row.install]);

  const initOutput = await run('npx', ['talk-track', 'init', '--yes']);
  const rerunOutput = await run('npx', ['talk-track', 'init', '--yes']);
  // Supabase's way to a private registry for a function: an .npmrc in the function's folder (Deno reads it there).
  await writeFile(join(dir, FUNCTION_PATH, '.npmrc'), npmrc);
  await mkdir(join(dir, 'lib'), { recursive: true });
  await copyFile(join(dir, INIT_GET_USER_ID), join(dir, KEPT_INIT_GET_USER_ID));
  await cp(HOST_FILES_DIR, dir, { recursive: true });
  return { dir, initOutput, rerunOutput };
}
