import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_MIGRATIONS_DIR, TEMPLATE_PATHS, type TemplateName } from './initTemplates.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const REPO_MIGRATIONS = join(REPO_ROOT, 'supabase/migrations');

/** Where each template comes from in the repository: the files hosts get are the ones tested here. */
export const TEMPLATE_SOURCES: Record<TemplateName, string> = {
  functionIndex: join(REPO_ROOT, 'supabase/functions/generate-talk-track/index.ts'),
  functionDenoJson: join(REPO_ROOT, 'supabase/functions/generate-talk-track/deno.json'),
  route: join(REPO_ROOT, 'packages/server/templates/route/route.ts'),
  getUserId: join(REPO_ROOT, 'packages/server/templates/route/getUserId.ts'),
};

/** Build step: puts the files `talk-track init` writes into `dir` (the package's `dist/templates`). */
export async function copyInitTemplates(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, TEMPLATE_MIGRATIONS_DIR), { recursive: true });
  for (const name of await readdir(REPO_MIGRATIONS)) {
    if (name.endsWith('.sql')) await copyFile(join(REPO_MIGRATIONS, name), join(dir, TEMPLATE_MIGRATIONS_DIR, name));
  }
  for (const [key, path] of Object.entries(TEMPLATE_PATHS)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await copyFile(TEMPLATE_SOURCES[key as TemplateName], join(dir, path));
  }
}
