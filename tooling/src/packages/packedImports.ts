import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

export interface PackageManifest {
  name: string;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export async function readManifest(dir: string): Promise<PackageManifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** `react/jsx-runtime` → `react`, `@scope/name/sub` → `@scope/name`, `node:fs` stays `node:fs`. */
export function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Every bare specifier a shipped JavaScript file imports or requires, as esbuild reads it (static
 * imports, dynamic imports, `require` calls): relative imports are followed, bare ones recorded.
 */
export async function externalImports(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    platform: 'neutral',
    packages: 'external',
  });
  const found = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const { path, external } of input.imports) if (external) found.add(path);
  }
  return [...found].sort();
}

export interface DeclarationReference {
  /** The declaration file, relative to the package. */
  file: string;
  /** A module it names: `import … from`, `export … from`, `import("…")`, `declare module`, `/// <reference types>`. */
  specifier: string;
  /** The entries (`@talk-track/core/client`, …) whose types reach the file. */
  entries: string[];
}

const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/**
 * Every module every declaration file of an unpacked package names other than its own files,
 * each with the entries of the `exports` map (`types` of `import` and `require`) that reach it.
 */
export async function declarationReferences(packageDir: string): Promise<DeclarationReference[]> {
  const manifest = await readManifest(packageDir);
  const files = (await readdir(packageDir, { recursive: true }))
    .filter((file) => DECLARATION_FILE.test(file))
    .map((file) => resolve(packageDir, file));
  const named = new Map<string, { local: string[]; modules: string[] }>();
  for (const file of files) {
    const info = ts.preProcessFile(await readFile(file, 'utf8'), true, true);
    const specifiers = [...info.importedFiles, ...info.typeReferenceDirectives].map(({ fileName }) => fileName);
    const local = [
      ...specifiers.filter((specifier) => specifier.startsWith('.')),
      ...info.referencedFiles.map(({ fileName }) => fileName),
    ];
    named.set(file, {
      local: local.map((specifier) => resolve(dirname(file), specifier).replace(/\.([cm]?)js$/, '.d.$1ts')),
      modules: specifiers.filter((specifier) => !specifier.startsWith('.')),
    });
  }
  const reachedBy = new Map<string, Set<string>>(files.map((file) => [file, new Set()]));
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const entry = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    const conditions = target as { import?: { types?: string }; require?: { types?: string } };
    const queue = [conditions.import?.types, conditions.require?.types]
      .filter((types) => types !== undefined)
      .map((types) => resolve(packageDir, types));
    while (queue.length) {
      const file = queue.shift()!;
      const seen = reachedBy.get(file);
      if (!seen || seen.has(entry)) continue;
      seen.add(entry);
      queue.push(...named.get(file)!.local);
    }
  }
  return files.flatMap((file) =>
    named.get(file)!.modules.map((specifier) => ({
      file: relative(packageDir, file),
      specifier,
      entries: [...reachedBy.get(file)!].sort(),
    })),
  );
}
