import type postgres from 'postgres';
import { PostgrestError } from './postgrestError.ts';
import { quoteIdent } from './sqlText.ts';

/** One overload of a function, as PostgREST's schema cache knows it. */
interface FunctionInfo {
  argNames: string[];
  argTypes: string[];
  requiredCount: number;
  returnsSet: boolean;
  returnKind: 'rows' | 'scalar' | 'void';
}

/** The SQL that calls a function with named arguments and returns its result as JSON text, and how to shape that result. */
export interface RpcCall {
  sql: string;
  params: unknown[];
  returnsSet: boolean;
  returnKind: FunctionInfo['returnKind'];
}

/**
 * Resolves `POST /rpc/<name>` with a JSON object of arguments the way PostgREST does: the overload
 * whose named parameters cover the given keys (defaults may be left out); arguments are converted
 * to the parameter types by `json_to_record`, so `{ "p_input": {…} }` reaches a `jsonb` parameter
 * as JSON and `"30 days"` an `interval` one as text.
 */
export async function buildRpcCall(
  sql: postgres.Sql,
  schema: string,
  name: string,
  args: Record<string, unknown>,
): Promise<RpcCall> {
  const overloads = await loadOverloads(sql, schema, name);
  const keys = Object.keys(args);
  const fn = overloads.find(
    (candidate) =>
      keys.every((key) => candidate.argNames.includes(key)) &&
      candidate.argNames.slice(0, candidate.requiredCount).every((required) => keys.includes(required)),
  );
  if (!fn) {
    throw new PostgrestError(
      404,
      'PGRST202',
      `Could not find the function ${schema}.${name}(${[...keys].sort().join(', ')}) in the schema cache`,
      `Searched for the function ${schema}.${name} with parameters ${keys.join(', ') || 'none'}, but no matches were found in the schema cache.`,
      null,
    );
  }

  const call = `${quoteIdent(schema)}.${quoteIdent(name)}`;
  const given = fn.argNames
    .map((arg, index) => ({ arg, type: fn.argTypes[index]! }))
    .filter(({ arg }) => keys.includes(arg));
  const callArgs = given.map(({ arg }) => `${quoteIdent(arg)} := pgrst_args.${quoteIdent(arg)}`).join(', ');
  const argsSource =
    // `::text` first: postgres.js would JSON-encode a parameter it is told is json, turning the object into a string.
    given.length > 0
      ? `json_to_record($1::text::json) as pgrst_args(${given.map(({ arg, type }) => `${quoteIdent(arg)} ${type}`).join(', ')}), `
      : '';
  const alias = fn.returnKind === 'rows' ? 'pgrst_call' : 'pgrst_call(pgrst_scalar)';
  const value = fn.returnKind === 'rows' ? 'pgrst_call' : 'pgrst_call.pgrst_scalar';
  return {
    sql: `select coalesce(json_agg(${value}), '[]')::text as body, count(*)::int as n from ${argsSource}${call}(${callArgs}) as ${alias}`,
    params: given.length > 0 ? [JSON.stringify(args)] : [],
    returnsSet: fn.returnsSet,
    returnKind: fn.returnKind,
  };
}

async function loadOverloads(sql: postgres.Sql, schema: string, name: string): Promise<FunctionInfo[]> {
  const rows = await sql<
    {
      argNames: string[] | null;
      argModes: string[] | null;
      argTypes: string[];
      nargs: number;
      ndefaults: number;
      returnsSet: boolean;
      typtype: string;
      isVoid: boolean;
    }[]
  >`
    select p.proargnames as "argNames", p.proargmodes::text[] as "argModes",
           array(select format_type(t.oid, null) from unnest(p.proargtypes::oid[]) with ordinality as a(oid, n)
                 join pg_type t on t.oid = a.oid order by a.n) as "argTypes",
           p.pronargs::int as nargs, p.pronargdefaults::int as ndefaults, p.proretset as "returnsSet",
           rt.typtype::text as typtype, p.prorettype = 'void'::regtype as "isVoid"
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_type rt on rt.oid = p.prorettype
    where n.nspname = ${schema} and p.proname = ${name} and p.prokind = 'f'`;
  return rows.map((row) => {
    // proargnames also lists OUT parameters when there are any; keep the inputs only.
    const names = row.argNames ?? [];
    const inputNames = row.argModes
      ? names.filter((_, index) => ['i', 'b', 'v'].includes(row.argModes![index]!))
      : names.slice(0, row.nargs);
    return {
      argNames: inputNames,
      argTypes: row.argTypes,
      requiredCount: row.nargs - row.ndefaults,
      returnsSet: row.returnsSet,
      returnKind: row.isVoid ? 'void' : row.typtype === 'c' || row.typtype === 'p' ? 'rows' : 'scalar',
    };
  });
}
