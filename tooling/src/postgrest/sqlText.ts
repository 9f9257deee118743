/** A double-quoted SQL identifier: names from the URL are data, never SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** SQL text with `$n` placeholders and the values they stand for, built up piece by piece. */
export class SqlBuilder {
  readonly params: unknown[] = [];

  /** Adds a value and returns its placeholder. Values go as untyped text, so Postgres casts them to the column's type as PostgREST's do. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}
