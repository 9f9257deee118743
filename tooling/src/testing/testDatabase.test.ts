import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testDatabase.ts';

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
