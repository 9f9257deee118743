import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, useTestDatabase, type TestDatabase } from './testDatabase.ts';

describe('createTestDatabase', () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('gives each caller its own database cloned from the migrated template', async () => {
    expect(first.url).not.toBe(second.url);
    await first.sql`create table only_in_first (x int)`;
    const [row] = await second.sql`select to_regclass('public.only_in_first') as found`;
    expect(row!.found).toBeNull();
    const [migrations] = await first.sql`select count(*)::int as n from supabase_migrations.schema_migrations`;
    expect(migrations!.n).toBeGreaterThanOrEqual(0);
  });

  it('drop() removes the database', async () => {
    const scratch = await createTestDatabase();
    const name = new URL(scratch.url).pathname.slice(1);
    await scratch.drop();
    const rows = await first.sql`select 1 from pg_database where datname = ${name}`;
    expect(rows).toHaveLength(0);
  });
});

/** The database the `useTestDatabase` block below used, checked by the block after it. */
let usedName: string | undefined;

describe('useTestDatabase', () => {
  const db = useTestDatabase();
  let tooEarly: unknown;
  try {
    void db.sql;
  } catch (error) {
    tooEarly = error;
  }

  it('is the migrated database in tests, and says why when read before its beforeAll ran', async () => {
    usedName = new URL(db.url).pathname.slice(1);
    const [settings] = await db.sql<{ n: number }[]>`select count(*)::int as n from talk_track_settings`;
    expect(settings!.n).toBe(1);
    expect(String(tooEarly)).toContain('created in beforeAll');
  });
});

describe('after a useTestDatabase block', () => {
  it('its database is dropped', async () => {
    const scratch = await createTestDatabase();
    try {
      expect(usedName).toMatch(/^talk_track_test_/);
      expect(await scratch.sql`select 1 from pg_database where datname = ${usedName!}`).toHaveLength(0);
    } finally {
      await scratch.drop();
    }
  });
});
