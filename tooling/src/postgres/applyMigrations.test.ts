import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/testDatabase.ts';
import { applyMigrations, MIGRATIONS_DIR } from './applyMigrations.ts';

describe('applyMigrations', () => {
  const db = useTestDatabase();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'talk-track-migrations-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the migrations the template already has alone', async () => {
    const { applied } = await applyMigrations(db.url, MIGRATIONS_DIR);
    expect(applied).toEqual([]);
  });

  it('applies files in name order, once each, and records them like the Supabase CLI', async () => {
    await writeFile(join(dir, '20990102000000_second.sql'), 'insert into ordering values (2);');
    await writeFile(
      join(dir, '20990101000000_first.sql'),
      'create table ordering (n int); insert into ordering values (1);',
    );
    await writeFile(join(dir, 'README.md'), 'not a migration');

    expect(await applyMigrations(db.url, dir)).toEqual({
      applied: ['20990101000000_first.sql', '20990102000000_second.sql'],
      skipped: [],
    });
    expect(await applyMigrations(db.url, dir)).toEqual({
      applied: [],
      skipped: ['20990101000000_first.sql', '20990102000000_second.sql'],
    });
    expect((await db.sql`select n from ordering order by n`).map((r) => r.n)).toEqual([1, 2]);
    const recorded =
      await db.sql`select version, name from supabase_migrations.schema_migrations where version like '2099%' order by version`;
    expect(recorded.map((r) => [r.version, r.name])).toEqual([
      ['20990101000000', 'first'],
      ['20990102000000', 'second'],
    ]);
  });

  it('rolls a failing file back whole and names the folder', async () => {
    await writeFile(
      join(dir, '20990103000000_broken.sql'),
      'create table half_done (n int); select no_such_function();',
    );
    await expect(applyMigrations(db.url, dir)).rejects.toThrow(/Applying .* failed: .*no_such_function/);
    const [row] = await db.sql`select to_regclass('public.half_done') as found`;
    expect(row!.found).toBeNull();
  });
});
