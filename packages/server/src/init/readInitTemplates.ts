import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMPLATE_MIGRATIONS_DIR, TEMPLATE_PATHS, type InitTemplates, type TemplateName } from './initTemplates.ts';

/** Reads the shipped templates from `dir`; `displayDir` is how init names that folder to the host. */
export async function readInitTemplates(dir: string, displayDir = dir): Promise<InitTemplates> {
  const migrationNames = (await readdir(join(dir, TEMPLATE_MIGRATIONS_DIR))).filter((name) => name.endsWith('.sql'));
  if (migrationNames.length !== 1)
    throw new Error(
      `Expected one migration in ${join(dir, TEMPLATE_MIGRATIONS_DIR)}, found ${migrationNames.length}: the package is broken.`,
    );
  const name = migrationNames[0]!;
  const entries = await Promise.all(
    Object.entries(TEMPLATE_PATHS).map(async ([key, path]) => [key, await readFile(join(dir, path), 'utf8')] as const),
  );
  return {
    dir: displayDir,
    migration: { name, content: await readFile(join(dir, TEMPLATE_MIGRATIONS_DIR, name), 'utf8') },
    files: Object.fromEntries(entries) as Record<TemplateName, string>,
  };
}
