import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MIGRATIONS_PATH } from './planMigration.ts';
import { type AppDir, type HostProject, hostFilePaths } from './planInit.ts';

/** Reads what `planInit` needs from the app at `root`. */
export async function readHostProject(root: string): Promise<HostProject> {
  const packageText = await readOptional(join(root, 'package.json'));
  let packageJson: HostProject['packageJson'];
  try {
    packageJson = packageText === undefined ? undefined : JSON.parse(packageText);
  } catch {
    throw new Error(`${join(root, 'package.json')} is not valid JSON.`);
  }
  const appDir = (await isDirectory(join(root, 'app')))
    ? 'app'
    : (await isDirectory(join(root, 'src/app')))
      ? 'src/app'
      : undefined;
  return {
    packageJson,
    appDir,
    files: await readFiles(root, appDir),
    migrations: await readMigrations(join(root, MIGRATIONS_PATH)),
  };
}

async function readFiles(root: string, appDir: AppDir | undefined): Promise<Record<string, string>> {
  if (!appDir) return {};
  const files: Record<string, string> = {};
  for (const path of hostFilePaths(appDir)) {
    const content = await readOptional(join(root, path));
    if (content !== undefined) files[path] = content;
  }
  return files;
}

async function readMigrations(dir: string): Promise<HostProject['migrations']> {
  const names = await readdir(dir).catch((): string[] => []);
  const sqlNames = names.filter((name) => name.endsWith('.sql'));
  return Promise.all(sqlNames.map(async (name) => ({ name, content: await readFile(join(dir, name), 'utf8') })));
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
