import type postgres from 'postgres';

export type Tx = postgres.TransactionSql;

/** What a refused statement raised, kept small so tests compare it whole. */
export interface SqlRefusal {
  code: string;
  detail?: string;
}

const ROLLBACK = new Error('pgTest: roll back');

/**
 * The pgTAP shape: the case runs in one transaction that is always rolled back, so cases share
 * nothing and leave nothing behind.
 */
export async function rolledBack<T>(sql: postgres.Sql, body: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      result = await body(tx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return result as T;
}

/**
 * Runs `statement` in a savepoint: a refusal is returned (the transaction stays usable), success
 * returns `null`. Anything that is not a Postgres error is rethrown.
 */
export async function refusalOf(tx: Tx, statement: (sp: Tx) => Promise<unknown>): Promise<SqlRefusal | null> {
  try {
    await tx.savepoint(statement);
    return null;
  } catch (error) {
    const { code, detail } = error as { code?: string; detail?: string };
    if (typeof code !== 'string' || code.length !== 5) throw error;
    return detail === undefined ? { code } : { code, detail };
  }
}
