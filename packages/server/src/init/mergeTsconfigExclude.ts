import { appendJsoncItem } from './appendJsoncItem.ts';
import type { MergeResult } from './mergeResult.ts';
import { type JsoncToken, matchingClose, scanJsonc, stringValue } from './scanJsonc.ts';

// The Deno function folder: Next's `**/*.ts` include would type-check it (`Cannot find name 'Deno'`).
export const EXCLUDED_FOLDER = 'supabase/functions';
/** Entries that already keep the function out of the host's type check. */
const COVERING_ENTRIES = new Set(['supabase', EXCLUDED_FOLDER, `${EXCLUDED_FOLDER}/generate-talk-track`]);

const CANNOT_EDIT = `tsconfig.json could not be read as JSON with comments, so init left it alone. Add "${EXCLUDED_FOLDER}" to its "exclude" yourself, or \`next build\` will type-check the Deno function and fail.`;

/**
 * Merges `"supabase/functions"` into the `exclude` of the host's tsconfig.json, editing the text
 * in place (comments, order and formatting kept) rather than re-serialising it.
 */
export function mergeTsconfigExclude(existing: string | undefined): MergeResult {
  // Next fills in the rest of a tsconfig.json on its first build and keeps an exclude it finds.
  if (existing === undefined)
    return { kind: 'create', content: `{\n  "exclude": ["node_modules", "${EXCLUDED_FOLDER}"]\n}\n` };

  let tokens: JsoncToken[];
  try {
    tokens = scanJsonc(existing);
  } catch {
    return { kind: 'attention', message: CANNOT_EDIT };
  }
  const close = tokens[0]?.text === '{' ? matchingClose(tokens, 0) : -1;
  if (close === -1) return { kind: 'attention', message: CANNOT_EDIT };

  const exclude = topLevelValue(tokens, close, 'exclude');
  if (exclude === undefined) {
    // Setting exclude replaces TypeScript's default one, so node_modules goes in as well.
    return {
      kind: 'update',
      content: appendJsoncItem(existing, tokens, 0, close, `"exclude": ["node_modules", "${EXCLUDED_FOLDER}"]`),
    };
  }
  const arrayClose = tokens[exclude]?.text === '[' ? matchingClose(tokens, exclude) : -1;
  if (arrayClose === -1)
    return {
      kind: 'attention',
      message: `tsconfig.json's "exclude" is not an array; add "${EXCLUDED_FOLDER}" to it yourself.`,
    };

  const entries = tokens
    .slice(exclude + 1, arrayClose)
    .filter((token) => token.kind === 'string')
    .map(stringValue);
  if (entries.some((entry) => COVERING_ENTRIES.has(normalisedPath(entry)))) return { kind: 'keep' };
  return { kind: 'update', content: appendJsoncItem(existing, tokens, exclude, arrayClose, `"${EXCLUDED_FOLDER}"`) };
}

/** Index of the token starting the value of the top-level member `key`, if there is one. */
function topLevelValue(tokens: readonly JsoncToken[], close: number, key: string): number | undefined {
  let i = 1;
  while (i < close) {
    const keyToken = tokens[i]!;
    const valueIndex = i + 2;
    if (keyToken.kind === 'string' && tokens[i + 1]?.text === ':' && stringValue(keyToken) === key) return valueIndex;
    const value = tokens[valueIndex];
    const valueEnd = value?.text === '{' || value?.text === '[' ? matchingClose(tokens, valueIndex) : valueIndex;
    if (valueEnd === -1) return undefined;
    i = valueEnd + 1;
    if (tokens[i]?.text === ',') i += 1;
  }
  return undefined;
}

/** `./supabase/functions/**` → `supabase/functions`. */
function normalisedPath(entry: string): string {
  return entry.replace(/^\.\//, '').replace(/(\/\*\*)?(\/\*)?\/?$/, '');
}
