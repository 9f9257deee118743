import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The route handlers (`http/`) and the worker (`worker/`) meet only in `shared/` (the worker
// invoker, the logger, the clock, the error answers) and the job store: neither imports the other,
// so there is no `http` ⇄ `worker` cycle and `shared/` depends on neither.

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** `from → to` for every relative import of the folder's modules (tests aside), as folders under src/. */
function importsOf(folder: string): string[] {
  const edges: string[] = [];
  for (const file of readdirSync(join(SRC, folder)).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
  )) {
    for (const [, specifier] of readFileSync(join(SRC, folder, file), 'utf8').matchAll(IMPORT)) {
      const target = relative(SRC, resolve(SRC, folder, specifier!));
      edges.push(`${folder}/${file} → ${target}`);
    }
  }
  return edges;
}

describe('server layers', () => {
  it('http/ and worker/ never import each other, and shared/ imports neither', () => {
    const crossing = [
      ...importsOf('http').filter((edge) => edge.includes('→ worker/')),
      ...importsOf('worker').filter((edge) => edge.includes('→ http/')),
      ...importsOf('shared').filter((edge) => /→ (http|worker)\//.test(edge)),
    ];
    expect(crossing).toEqual([]);
    // The scan does see imports: each layer uses shared/.
    expect(importsOf('http').some((edge) => edge.includes('→ shared/'))).toBe(true);
    expect(importsOf('worker').some((edge) => edge.includes('→ shared/'))).toBe(true);
  });
});
