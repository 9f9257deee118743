import type { MergeResult } from './mergeResult.ts';

/**
 * A file init owns as a whole: written when absent, kept when identical, and never overwritten
 * when it differs (the host may have edited it): init says which file and how to compare.
 */
export function planTemplateFile(
  path: string,
  existing: string | undefined,
  template: string,
  templatePath: string,
): MergeResult {
  if (existing === undefined) return { kind: 'create', content: template };
  if (sameText(existing, template)) return { kind: 'keep' };
  return {
    kind: 'attention',
    message: `${path} differs from the file this version ships, so init left it as it is. To see the difference: diff -u '${templatePath}' '${path}'`,
  };
}

/** Equal but for line endings (a checkout on Windows). */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}
