import { describe, expect, it } from 'vitest';
import { planMigration } from './planMigration.ts';

const TEMPLATE = { name: '20261128000000_talk_track_jobs.sql', content: 'create table talk_track_jobs ();\n' };
const NOW = new Date('2026-11-29T20:45:07.123Z');
const TEMPLATE_PATH = 'node_modules/@talk-track/server/dist/templates/migrations/20261128000000_talk_track_jobs.sql';

describe('planMigration', () => {
  it('writes the migration under the current UTC timestamp', () => {
    expect(planMigration(TEMPLATE, [], NOW, TEMPLATE_PATH)).toEqual({
      path: 'supabase/migrations/20261129204507_talk_track_jobs.sql',
      result: { kind: 'create', content: TEMPLATE.content },
    });
  });

  it("dates it after the host's latest migration when that one is in the future", () => {
    const existing = [
      { name: '20261231235959_later.sql', content: 'select 1;' },
      { name: '20250101000000_init.sql', content: 'select 2;' },
    ];
    expect(planMigration(TEMPLATE, existing, NOW, TEMPLATE_PATH).path).toBe(
      'supabase/migrations/20270101000000_talk_track_jobs.sql',
    );
  });

  it('recognises the migration already written under any name', () => {
    const existing = [{ name: '20250101000000_whatever.sql', content: TEMPLATE.content.replace('\n', '\r\n') }];
    expect(planMigration(TEMPLATE, existing, NOW, TEMPLATE_PATH)).toEqual({
      path: 'supabase/migrations/20250101000000_whatever.sql',
      result: { kind: 'keep' },
    });
  });

  it('leaves an edited copy alone, names it and says how to compare', () => {
    const existing = [{ name: '20250101000000_talk_track_jobs.sql', content: `${TEMPLATE.content}-- ours\n` }];
    const plan = planMigration(TEMPLATE, existing, NOW, TEMPLATE_PATH);
    expect(plan.path).toBe('supabase/migrations/20250101000000_talk_track_jobs.sql');
    expect(plan.result).toEqual({
      kind: 'attention',
      message: expect.stringContaining(
        `diff -u '${TEMPLATE_PATH}' 'supabase/migrations/20250101000000_talk_track_jobs.sql'`,
      ),
    });
  });
});
