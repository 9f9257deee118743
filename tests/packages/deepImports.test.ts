import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The only paths into a package's source that tests, benchmarks and tooling may name. Each one reads
 * a file as a file, not as a module, where no entry can hand it over. Keep this list short: anything
 * a test imports comes through an entry (`@talk-track/*`, `@talk-track/testing/server`,
 * `@talk-track/testing/internals`).
 */
const ALLOWED: readonly { file: string; specifier: string }[] = [
  // The contrast check reads the stylesheet's text to measure its colours; the package's
  // `./styles.css` export names the built copy in dist/, which a unit test does not build.
  { file: 'tests/browser/themeContrast.test.ts', specifier: '../../packages/react/src/styles.css' },
];

/** A module specifier that reaches into a package's source: `…/packages/<name>/src…`, or `@talk-track/<name>/src/…`. */
const INTO_SOURCE = /(^|\/)packages\/[a-z0-9-]+\/src(\/|$)|^@talk-track\/[a-z0-9-]+\/src\//;

/**
 * Where a module path is written: `from '…'` (imports and re-exports), a bare `import '…'`,
 * `import('…')`, `require('…')`, and `new URL('…', import.meta.url)`. Quotes of any kind.
 */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bnew\s+URL\s*\(\s*)(['"`])([^'"`]+)\1/g;

interface DeepImport {
  line: number;
  specifier: string;
}

/** Every specifier in `text` that reaches into a package's source, with its 1-based line. */
function deepImportsIn(text: string): DeepImport[] {
  const found: DeepImport[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[2]!;
    if (!INTO_SOURCE.test(specifier)) continue;
    const offset = match.index + match[0].lastIndexOf(specifier);
    found.push({ line: text.slice(0, offset).split('\n').length, specifier });
  }
  return found;
}

/** Tracked and new (not ignored) files under `dirs`, as git sees them. */
function repositoryFiles(dirs: readonly string[]): string[] {
  const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...dirs], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return [...new Set(output.split('\n').filter(Boolean))];
}

describe("tests, benchmarks and tooling import entries, never a package's source", () => {
  it('finds a deep path in every form a module is named', () => {
    // Written with `{src}` so that this file does not itself hold the paths it looks for.
    const text = [
      "import { a } from '../../packages/server/{src}/jobStore.ts';",
      'import type {\n  B,\n} from "../packages/core/{src}/api.ts";',
      "export { c } from '../../packages/react/{src}/index.ts';",
      "import '../packages/core/{src}/client/index.ts';",
      'const d = await import(`../../packages/server/{src}/worker.ts`);',
      "const e = require('../../packages/core/{src}/index.ts');",
      "const f = new URL('../../packages/react/{src}/styles.css', import.meta.url);",
      "import { g } from '@talk-track/server/{src}/worker.ts';",
      "import { h } from '@talk-track/server';",
      "import { i } from '@talk-track/testing/internals';",
      "const j = 'see packages/server/{src}/worker/chunkRequest.ts';",
    ]
      .join('\n')
      .replaceAll('{src}', 'src');
    expect(deepImportsIn(text)).toEqual([
      { line: 1, specifier: '../../packages/server/src/jobStore.ts' },
      { line: 4, specifier: '../packages/core/src/api.ts' },
      { line: 5, specifier: '../../packages/react/src/index.ts' },
      { line: 6, specifier: '../packages/core/src/client/index.ts' },
      { line: 7, specifier: '../../packages/server/src/worker.ts' },
      { line: 8, specifier: '../../packages/core/src/index.ts' },
      { line: 9, specifier: '../../packages/react/src/styles.css' },
      { line: 10, specifier: '@talk-track/server/src/worker.ts' },
    ]);
  });

  it('no file under tests/, bench/ or tooling/ names a path into packages/<name>/src', () => {
    const files = repositoryFiles(['tests', 'bench', 'tooling']).filter((file) => /\.(ts|tsx|mjs)$/.test(file));
    expect(files.length).toBeGreaterThan(100);
    const offending = files.flatMap((file) =>
      deepImportsIn(readFileSync(join(ROOT, file), 'utf8'))
        .filter(({ specifier }) => !ALLOWED.some((allowed) => allowed.file === file && allowed.specifier === specifier))
        .map(
          ({ line, specifier }) =>
            `${file}:${line} imports ${specifier}: import it through an entry (@talk-track/testing/internals for an internal)`,
        ),
    );
    expect(offending).toEqual([]);
  });

  it('every allowed exception is still there (a stale one would hide the next deep path)', () => {
    for (const { file, specifier } of ALLOWED)
      expect(
        deepImportsIn(readFileSync(join(ROOT, file), 'utf8')).map((found) => found.specifier),
        file,
      ).toContain(specifier);
  });
});

describe('test support stays out of the shipped packages', () => {
  it('no product source file (tests aside) under packages/*/src imports vitest, except in packages/testing', () => {
    const product = repositoryFiles(['packages'])
      .filter((file) => /^packages\/(?!testing\/)[a-z0-9-]+\/src\/.*\.(ts|tsx|mjs)$/.test(file))
      .filter((file) => !/\.test\.(ts|tsx)$|\.test-d\.(ts|tsx)$/.test(file));
    expect(product.length).toBeGreaterThan(50);
    const importingVitest = product.filter((file) =>
      /\bfrom\s*['"]vitest['"]|\bimport\s*\(\s*['"]vitest['"]/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(importingVitest).toEqual([]);
  });
});
