import { PostgrestError } from './postgrestError.ts';
import { quoteIdent, SqlBuilder } from './sqlText.ts';

/** A parsed `GET /rest/v1/<table>?…`: the SQL that returns the rows as one JSON array, and the one that counts them. */
export interface ReadQuery {
  rowsSql: string;
  countSql: string;
  params: unknown[];
}

// Query parameters that are not filters (PostgREST's reserved names).
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

const COMPARISONS: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
};
const IS_VALUES: Record<string, string> = { null: 'null', true: 'true', false: 'false', unknown: 'unknown' };

/**
 * Builds the subset of PostgREST's read grammar supabase-js produces for `.select(cols)`,
 * `.eq()`/`.neq()`/`.gt()`…/`.like()`/`.is()`/`.in()`, `.not()`, `.order()`, `.limit()` and
 * `.range()`. Anything else (embedding, `or=`, JSON paths) is refused with PGRST100, not guessed at.
 */
export function buildReadQuery(schema: string, table: string, search: URLSearchParams): ReadQuery {
  const sql = new SqlBuilder();
  const relation = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const columns = parseSelect(search.get('select') ?? '*');

  const conditions: string[] = [];
  for (const [key, value] of search) {
    if (!RESERVED.has(key)) conditions.push(parseFilter(key, value, sql));
  }
  const where = conditions.length > 0 ? ` where ${conditions.join(' and ')}` : '';
  const order = search.has('order') ? ` order by ${parseOrder(search.get('order')!)}` : '';
  const limit = search.has('limit') ? ` limit ${parseCount('limit', search.get('limit')!)}` : '';
  const offset = search.has('offset') ? ` offset ${parseCount('offset', search.get('offset')!)}` : '';

  return {
    rowsSql:
      `select coalesce(json_agg(pgrst_t), '[]')::text as body, count(*)::int as n ` +
      `from (select ${columns} from ${relation}${where}${order}${limit}${offset}) pgrst_t`,
    countSql: `select count(*)::int as n from ${relation}${where}`,
    params: sql.params,
  };
}

function parseSelect(select: string): string {
  if (select === '*' || select === '') return '*';
  return select
    .split(',')
    .map((item) => {
      const match = /^(?:([A-Za-z_][\w]*):)?("[^"]+"|[A-Za-z_][\w]*)$/.exec(item);
      if (!match) throw parseError(`"${item}" in select is not a plain column (this stand-in does not embed or cast)`);
      const column = quoteIdent(match[2]!.replace(/^"|"$/g, ''));
      return match[1] ? `${column} as ${quoteIdent(match[1])}` : column;
    })
    .join(', ');
}

function parseFilter(column: string, expression: string, sql: SqlBuilder): string {
  if (!/^[A-Za-z_][\w]*$/.test(column))
    throw parseError(`"${column}" is not a column filter this stand-in understands`);
  const negated = expression.startsWith('not.');
  const [operator, ...rest] = (negated ? expression.slice(4) : expression).split('.');
  const operand = rest.join('.');
  const target = quoteIdent(column);

  let condition: string;
  if (operator && COMPARISONS[operator]) {
    const value = operator === 'like' || operator === 'ilike' ? operand.replace(/\*/g, '%') : operand;
    condition = `${target} ${COMPARISONS[operator]} ${sql.param(value)}`;
  } else if (operator === 'is' && IS_VALUES[operand.toLowerCase()]) {
    condition = `${target} is ${IS_VALUES[operand.toLowerCase()]}`;
  } else if (operator === 'in') {
    const values = parseList(operand);
    condition = values.length === 0 ? 'false' : `${target} in (${values.map((value) => sql.param(value)).join(', ')})`;
  } else {
    throw parseError(`"${column}=${expression}" uses an operator this stand-in does not support`);
  }
  return negated ? `not (${condition})` : condition;
}

/** `(a,b,"c,d")` → `['a', 'b', 'c,d']`, PostgREST's list syntax with double-quoted items. */
function parseList(operand: string): string[] {
  const inner = /^\((.*)\)$/s.exec(operand)?.[1];
  if (inner === undefined) throw parseError(`"in.${operand}" needs a parenthesised list`);
  if (inner === '') return [];
  return [...inner.matchAll(/"((?:[^"\\]|\\.)*)"|([^,]+)/g)].map((match) =>
    match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!.trim(),
  );
}

function parseOrder(order: string): string {
  return order
    .split(',')
    .map((term) => {
      const [column, ...modifiers] = term.split('.');
      if (!column || !/^[A-Za-z_][\w]*$/.test(column)) throw parseError(`"${term}" in order is not a column`);
      const parts = [quoteIdent(column)];
      for (const modifier of modifiers) {
        if (modifier === 'asc' || modifier === 'desc') parts.push(modifier);
        else if (modifier === 'nullsfirst') parts.push('nulls first');
        else if (modifier === 'nullslast') parts.push('nulls last');
        else throw parseError(`"${modifier}" in order is not asc, desc, nullsfirst or nullslast`);
      }
      return parts.join(' ');
    })
    .join(', ');
}

function parseCount(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw parseError(`${name} must be a non-negative integer`);
  return Number(value);
}

function parseError(details: string): PostgrestError {
  return new PostgrestError(400, 'PGRST100', 'Failed to parse the query string', details);
}
