/**
 * The documentation travels with the repository: a clone, a tarball or a registry page has no
 * folder beside it, so no tracked Markdown file may point at one (`../shared/…` from the root).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEPENDENCY_DECISIONS } from '../../tooling/src/packages/dependencyDecisions.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every `../…` path in `text`: in a link target, a code span or prose, as far as the path goes. */
function parentPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w./-])(?:\.\.\/)+[^\s)`'"\]>,;]*/g)].map(([path]) => path);
}

/** The paths of `parentPaths(text)` that, read from `file` (relative to the root), leave the repository. */
function pathsLeavingRepository(file: string, text: string): string[] {
  return parentPaths(text).filter((path) => relative(ROOT, resolve(ROOT, dirname(file), path)).startsWith('..'));
}

describe('the Markdown in the repository', () => {
  it('finds ../ paths however they are written', () => {
    expect(pathsLeavingRepository('README.md', 'See `../shared/DESIGN.md`, [it](../x.md) or ../y/z.')).toEqual([
      '../shared/DESIGN.md',
      '../x.md',
      '../y/z.',
    ]);
    expect(pathsLeavingRepository('bench/README.md', 'See [the README](../README.md).')).toEqual([]);
    expect(pathsLeavingRepository('bench/README.md', 'See [its sibling](../../other/README.md).')).toEqual([
      '../../other/README.md',
    ]);
  });

  it('points at no path outside the repository', async () => {
    const { stdout } = await run('git', ['ls-files', '-z', '--', '*.md'], { cwd: ROOT });
    const files = stdout.split('\0').filter(Boolean);
    expect(files).toContain('README.md');
    const leaving: string[] = [];
    for (const file of files) {
      for (const path of pathsLeavingRepository(file, await readFile(join(ROOT, file), 'utf8')))
        leaving.push(`${file}: ${path}`);
    }
    expect(leaving).toEqual([]);
  });

  it('names every runtime library in the README\'s "Dependencies and peers" section', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split('\n## Dependencies and peers\n')[1]?.split('\n## ')[0] ?? '';
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => row.split('`')[1]).sort()).toEqual(Object.keys(DEPENDENCY_DECISIONS).sort());
  });
});
