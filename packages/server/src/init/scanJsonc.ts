/** One token of a JSON-with-comments text; whitespace and comments are skipped. */
export interface JsoncToken {
  kind: 'punct' | 'string' | 'literal';
  /** The token's source text (a string token keeps its quotes and escapes). */
  text: string;
  start: number;
  end: number;
}

export class JsoncSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsoncSyntaxError';
  }
}

const PUNCTUATION = new Set(['{', '}', '[', ']', ':', ',']);
const LITERAL_CHAR = /[-+.\w]/;

/**
 * Tokens with their offsets, so an edit can be spliced into the host's own text (tsconfig.json is
 * JSONC: comments and trailing commas), keeping its formatting and comments.
 */
export function scanJsonc(text: string): JsoncToken[] {
  const tokens: JsoncToken[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i += 1;
    } else if (text.startsWith('//', i)) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) throw new JsoncSyntaxError('Unterminated comment', i);
      i = close + 2;
    } else if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (end >= text.length) throw new JsoncSyntaxError('Unterminated string', i);
      tokens.push({ kind: 'string', text: text.slice(i, end + 1), start: i, end: end + 1 });
      i = end + 1;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: 'punct', text: char, start: i, end: i + 1 });
      i += 1;
    } else if (LITERAL_CHAR.test(char)) {
      let end = i;
      while (end < text.length && LITERAL_CHAR.test(text[end]!)) end += 1;
      tokens.push({ kind: 'literal', text: text.slice(i, end), start: i, end });
      i = end;
    } else {
      throw new JsoncSyntaxError(`Unexpected ${JSON.stringify(char)}`, i);
    }
  }
  return tokens;
}

/** The value of a string token. */
export function stringValue(token: JsoncToken): string {
  return JSON.parse(token.text) as string;
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchingClose(tokens: readonly JsoncToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.kind !== 'punct') continue;
    if (token.text === '{' || token.text === '[') depth += 1;
    else if (token.text === '}' || token.text === ']') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
