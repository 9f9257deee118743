import type { JsoncToken } from './scanJsonc.ts';

/** Indentation for the first member of an empty multi-line object or array. */
const DEFAULT_INDENT = '  ';

/**
 * Adds `item` (an array element or an object member, as source text) as the last entry of the
 * object or array between `tokens[open]` and `tokens[close]`, in the text's own style: same line
 * or one per line, the existing indentation, a trailing comma kept if there was one. Comments
 * after the last entry stay with it.
 */
export function appendJsoncItem(
  text: string,
  tokens: readonly JsoncToken[],
  open: number,
  close: number,
  item: string,
): string {
  const openToken = tokens[open]!;
  const closeToken = tokens[close]!;
  const multiLine = text.slice(openToken.end, closeToken.start).includes('\n');
  if (close === open + 1) {
    const inserted = multiLine ? `\n${lineIndent(text, closeToken.start)}${DEFAULT_INDENT}${item}` : item;
    return splice(text, openToken.end, inserted);
  }

  const last = tokens[close - 1]!;
  const trailingComma = last.text === ',';
  const indent = lineIndent(text, tokens[open + 1]!.start);
  const closeLineStart = text.lastIndexOf('\n', closeToken.start - 1) + 1;
  if (multiLine && text.slice(closeLineStart, closeToken.start).trim() === '') {
    // The closing bracket has a line of its own: the new entry goes on the line before it.
    const withEntry = splice(text, closeLineStart, `${indent}${item}${trailingComma ? ',' : ''}\n`);
    return trailingComma ? withEntry : splice(withEntry, last.end, ',');
  }
  if (multiLine)
    return splice(text, last.end, `${trailingComma ? '' : ','}\n${indent}${item}${trailingComma ? ',' : ''}`);
  return splice(text, last.end, trailingComma ? ` ${item},` : `, ${item}`);
}

function splice(text: string, at: number, inserted: string): string {
  return text.slice(0, at) + inserted + text.slice(at);
}

/** The whitespace that starts the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
