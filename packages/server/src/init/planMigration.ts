import type { MigrationFile } from './initTemplates.ts';
import type { MergeResult } from './mergeResult.ts';
import { planTemplateFile, sameText } from './planTemplateFile.ts';

export const MIGRATIONS_PATH = 'supabase/migrations';

const TIMESTAMP_PREFIX = /^(\d{14})_/;

/**
 * The migration under a fresh timestamp, unless the host already has it under any name. The
 * timestamp is later than every migration the host has, since `supabase db push` refuses a
 * migration dated before the last one applied.
 */
export function planMigration(
  template: MigrationFile,
  existing: readonly MigrationFile[],
  now: Date,
  templatePath: string,
): { path: string; result: MergeResult } {
  const suffix = template.name.replace(TIMESTAMP_PREFIX, '');
  const same = existing.find((file) => sameText(file.content, template.content));
  if (same) return { path: `${MIGRATIONS_PATH}/${same.name}`, result: { kind: 'keep' } };

  const edited = existing.find((file) => file.name.replace(TIMESTAMP_PREFIX, '') === suffix);
  if (edited) {
    const path = `${MIGRATIONS_PATH}/${edited.name}`;
    return { path, result: planTemplateFile(path, edited.content, template.content, templatePath) };
  }
  const path = `${MIGRATIONS_PATH}/${freshTimestamp(now, existing)}_${suffix}`;
  return { path, result: { kind: 'create', content: template.content } };
}

/** `YYYYMMDDHHMMSS` in UTC: now, or a second after the latest migration if that is later. */
function freshTimestamp(now: Date, existing: readonly MigrationFile[]): string {
  const latest = existing
    .map((file) => TIMESTAMP_PREFIX.exec(file.name)?.[1])
    .filter((stamp): stamp is string => stamp !== undefined)
    .sort()
    .at(-1);
  const nowStamp = timestamp(now);
  if (!latest || latest < nowStamp) return nowStamp;
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(latest)!.map(Number) as number[];
  return timestamp(new Date(Date.UTC(y!, mo! - 1, d, h, mi, s! + 1)));
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}
