import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Longest a function may be, in lines from its first to its last, SQL template lines aside. */
export const MAX_FUNCTION_LINES = 60;

export interface LongFunction {
  /** Relative to the root given to `findLongFunctions`, with forward slashes. */
  file: string;
  /** 1-based line of the function's first line. */
  line: number;
  name: string;
  lines: number;
}

/**
 * Every function (declaration, method, accessor, constructor, arrow, function expression) in
 * `source` over `maxLines`. A function's lines run from its first to its last, nested functions
 * included; lines inside a template tagged `sql` are not counted, since a query reads as one
 * statement however many lines it is laid out on.
 */
export function longFunctionsIn(file: string, source: string, maxLines = MAX_FUNCTION_LINES): LongFunction[] {
  const sourceFile = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const lineOf = (position: number) => sourceFile.getLineAndCharacterOfPosition(position).line;
  const sqlLines = new Set<number>();
  const functions: ts.FunctionLikeDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && isSqlTag(node.tag)) {
      // The lines a template's text runs over, apart from the tag's own line where the query starts.
      for (let line = lineOf(node.template.getStart(sourceFile)) + 1; line <= lineOf(node.template.getEnd()); line++)
        sqlLines.add(line);
    }
    if (isCountedFunction(node)) functions.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  const found: LongFunction[] = [];
  for (const fn of functions) {
    const first = lineOf(fn.getStart(sourceFile));
    const last = lineOf(fn.getEnd());
    let lines = 0;
    for (let line = first; line <= last; line++) if (!sqlLines.has(line)) lines++;
    if (lines > maxLines) found.push({ file, line: first + 1, name: functionName(fn, sourceFile), lines });
  }
  return found;
}

/** `longFunctionsIn` over every non-test `.ts`/`.tsx` file under `packages/*\/src` of `root`. */
export function findLongFunctions(root: string, maxLines = MAX_FUNCTION_LINES): LongFunction[] {
  const packagesDir = join(root, 'packages');
  const found: LongFunction[] = [];
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const path of sourceFiles(join(packagesDir, entry.name, 'src'))) {
      const file = relative(root, path).split('\\').join('/');
      found.push(...longFunctionsIn(file, readFileSync(path, 'utf8'), maxLines));
    }
  }
  return found;
}

/** `file:line name length` for each, as a failing check lists them. */
export function describeLongFunction({ file, line, name, lines }: LongFunction): string {
  return `${file}:${line} ${name} ${lines}`;
}

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === '__tests__' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) &&
      !/\.(test|test-d|dom\.test|stories)\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

function isSqlTag(tag: ts.Expression): boolean {
  // `sql\`…\``, `tx\`…\``-style clients are named sql here; `sql<Row[]>\`…\`` carries type arguments on the tagged template, not the tag.
  return (
    (ts.isIdentifier(tag) && tag.text === 'sql') || (ts.isPropertyAccessExpression(tag) && tag.name.text === 'sql')
  );
}

function isCountedFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined
  );
}

function functionName(fn: ts.FunctionLikeDeclaration, sourceFile: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  if (fn.name) return fn.name.getText(sourceFile);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText(sourceFile);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(sourceFile).slice(0, 40)})`;
  return '(anonymous)';
}
