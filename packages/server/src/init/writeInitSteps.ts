import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { InitStep } from './planInit.ts';

/** Writes the planned files under `root`; steps that keep or need the host's attention write nothing. */
export async function writeInitSteps(root: string, steps: readonly InitStep[]): Promise<void> {
  for (const { path, result } of steps) {
    if (result.kind !== 'create' && result.kind !== 'update') continue;
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    // 'wx': a file that appeared since it was read is the host's; fail rather than replace it.
    await writeFile(target, result.content, { flag: result.kind === 'create' ? 'wx' : 'w' });
  }
}
