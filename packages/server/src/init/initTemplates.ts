/** Where each file init writes sits in the templates folder shipped in `dist/templates/`. */
export const TEMPLATE_PATHS = {
  functionIndex: 'functions/generate-talk-track/index.ts',
  functionDenoJson: 'functions/generate-talk-track/deno.json',
  route: 'route/route.ts',
  getUserId: 'route/getUserId.ts',
} as const;

/** The folder of the shipped migration (the repository's `supabase/migrations/*.sql`). */
export const TEMPLATE_MIGRATIONS_DIR = 'migrations';

export type TemplateName = keyof typeof TEMPLATE_PATHS;

export interface MigrationFile {
  name: string;
  content: string;
}

/** The files init writes, as this version of the package ships them. */
export interface InitTemplates {
  /** The templates folder as the host should see it in a `diff` command (relative to the app when inside it). */
  dir: string;
  migration: MigrationFile;
  files: Record<TemplateName, string>;
}
