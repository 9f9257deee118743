/**
 * No function in the packages' source runs past 60 lines (SQL template lines aside): a longer one
 * holds several steps a reader would rather see named. The check parses every non-test file under
 * packages/*\/src with the TypeScript compiler.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MAX_FUNCTION_LINES,
  describeLongFunction,
  findLongFunctions,
  longFunctionsIn,
} from '../../tooling/src/codeShape/longFunctions.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('function length', () => {
  const found = findLongFunctions(ROOT);

  it(`no function under packages/*/src is over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(found.map(describeLongFunction), `file:line name length, each over ${MAX_FUNCTION_LINES} lines`).toEqual([]);
  });

  it('counts declarations, methods, arrows and function expressions, nested ones included, SQL template lines aside', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const source = [
      `function declared() {\n${body(58)}\n}`,
      `const arrow = () => {\n${body(61)}\n};`,
      `class Store {\n  method() {\n${body(60)}\n  }\n}`,
      `const expression = function () {\n${body(30)}\n  const inner = () => {\n${body(30)}\n  };\n};`,
      `function query(sql: any) {\n  return sql\`\n${Array.from({ length: 80 }, () => '    select 1').join('\n')}\n  \`;\n}`,
    ].join('\n');
    const long = longFunctionsIn('probe.ts', source).map(({ name, lines }) => `${name} ${lines}`);
    expect(long).toEqual(['arrow 63', 'method 62', 'expression 64']);
  });
});
