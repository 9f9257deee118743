import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import type { SupabaseGrants } from '../postgres/applySupabaseStandIn.ts';
import { withDatabase } from '../postgres/databaseUrl.ts';
import type {} from './providedContext.ts';

export interface TestDatabase {
  /** Superuser URL of this database. */
  url: string;
  /** Connected as superuser, `prepare: false` like the production adapter behind the pooler. */
  sql: postgres.Sql;
  /** Closes `sql` and drops the database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** The default privileges the Supabase stand-in gave `public` before the migration ran. Default `legacy`. */
  grants?: SupabaseGrants;
}

/**
 * A fresh database cloned from the template globalSetup migrated: the real migration on the
 * real server, private to the calling test file. Needs `tooling/src/testing/globalSetup.ts`.
 */
export async function createTestDatabase({ grants = 'legacy' }: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const template = inject('databaseTemplates')?.[grants];
  if (!adminUrl || !template) {
    throw new Error(
      "No test database server: add tooling/src/testing/globalSetup.ts to the vitest project's globalSetup.",
    );
  }
  const name = `talk_track_test_${randomBytes(6).toString('hex')}`;
  // Nobody stays connected to the template after globalSetup, so clones never wait on it.
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database "${name}" template "${template}"`));

  const url = withDatabase(adminUrl, name);
  const sql = postgres(url, { prepare: false, onnotice: () => {} });
  return {
    url,
    sql,
    async drop() {
      await sql.end();
      await withAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * `createTestDatabase` for the calling file or `describe`: created before its tests (and before
 * the `beforeAll` hooks registered after this call), dropped after them. Read `url` and `sql`
 * inside hooks and tests, once it exists.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): Omit<TestDatabase, 'drop'> {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(options);
  });
  afterAll(() => db?.drop());
  const created = () => {
    if (!db) throw new Error('The test database is created in beforeAll: read it inside a hook or a test.');
    return db;
  };
  return {
    get url() {
      return created().url;
    },
    get sql() {
      return created().sql;
    },
  };
}

async function withAdmin<T>(url: string, use: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}
