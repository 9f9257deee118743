import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the fault suite leaves its figures for the README. */
export const FIGURES_PATH = fileURLToPath(new URL('../../test-artifacts/faults/figures.json', import.meta.url));
const LOCK_PATH = `${FIGURES_PATH}.lock`;
// Test files may finish at the same time; the lock is held for one small read-modify-write.
const LOCK_RETRY_MS = 20;
const LOCK_STALE_MS = 10_000;

/**
 * Prints `line` (one line a person can paste into the README) and merges `{ ...figures, line }`
 * under `name` into figures.json, keeping the other tests' entries.
 */
export async function recordFigures(name: string, line: string, figures: Record<string, unknown>): Promise<void> {
  console.log(line);
  await mkdir(dirname(FIGURES_PATH), { recursive: true });
  await withLock(async () => {
    const all: Record<string, unknown> = await readFile(FIGURES_PATH, 'utf8').then(
      (text) => JSON.parse(text),
      () => ({}),
    );
    all[name] = { ...figures, line, recordedAt: new Date().toISOString() };
    const temporary = `${FIGURES_PATH}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(all, null, 2)}\n`);
    await rename(temporary, FIGURES_PATH);
  });
}

async function withLock(work: () => Promise<void>): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await (await open(LOCK_PATH, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run must not block the next one forever.
      if (Date.now() - started > LOCK_STALE_MS) await rm(LOCK_PATH, { force: true });
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
  try {
    await work();
  } finally {
    await rm(LOCK_PATH, { force: true });
  }
}
