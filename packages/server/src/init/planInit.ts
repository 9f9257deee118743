import {
  TEMPLATE_MIGRATIONS_DIR,
  TEMPLATE_PATHS,
  type InitTemplates,
  type MigrationFile,
  type TemplateName,
} from './initTemplates.ts';
import { CONFIG_TOML_PATH, mergeConfigToml } from './mergeConfigToml.ts';
import type { MergeResult } from './mergeResult.ts';
import { mergeTsconfigExclude } from './mergeTsconfigExclude.ts';
import { planMigration } from './planMigration.ts';
import { planTemplateFile } from './planTemplateFile.ts';

export type AppDir = 'app' | 'src/app';

/** What init needs to know about the host app, read from its folder by `readHostProject`. */
export interface HostProject {
  /** The host's package.json, or undefined when there is none. */
  packageJson: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } | undefined;
  /** The App Router folder, when there is one (`app/` wins over `src/app/`, as in Next). */
  appDir: AppDir | undefined;
  /** The files of `hostFilePaths(appDir)` that exist, by path relative to the app's root. */
  files: Record<string, string>;
  /** The `.sql` files in `supabase/migrations/`. */
  migrations: MigrationFile[];
}

export interface InitStep {
  /** Relative to the app's root, with forward slashes. */
  path: string;
  /** What the file is for, in a few words. */
  what: string;
  result: MergeResult;
}

export type InitPlan = { refusal: string } | { appDir: AppDir; steps: InitStep[]; missingPackages: string[] };

export const TSCONFIG_PATH = 'tsconfig.json';
const FUNCTION_DIR = 'supabase/functions/generate-talk-track';
const ROUTE_DIR = 'api/generate/talk-track/[[...path]]';

const NOT_A_NEXT_APP =
  'talk-track init sets up a Next.js App Router app: run it in the folder whose package.json lists `next`.';

/** The files init writes from a template: where each goes and what it is for. */
function templateTargets(appDir: AppDir): Record<TemplateName, { path: string; what: string }> {
  return {
    functionIndex: { path: `${FUNCTION_DIR}/index.ts`, what: 'the edge function' },
    functionDenoJson: { path: `${FUNCTION_DIR}/deno.json`, what: "the function's imports (npm:@talk-track/server)" },
    route: { path: `${appDir}/${ROUTE_DIR}/route.ts`, what: 'the route handler: create, status, cancel, retry' },
    getUserId: {
      path: `${appDir}/${ROUTE_DIR}/getUserId.ts`,
      what: 'who the user is (Supabase Auth; edit it if yours differs)',
    },
  };
}

/** The host files init reads before planning. */
export function hostFilePaths(appDir: AppDir): string[] {
  return [CONFIG_TOML_PATH, TSCONFIG_PATH, ...Object.values(templateTargets(appDir)).map((target) => target.path)];
}

/** Everything init would do in the host app, decided without touching the disk. */
export function planInit(host: HostProject, templates: InitTemplates, now: Date): InitPlan {
  if (!host.packageJson) return { refusal: `No package.json here. ${NOT_A_NEXT_APP}` };
  const dependencies = { ...host.packageJson.devDependencies, ...host.packageJson.dependencies };
  if (!('next' in dependencies)) return { refusal: `package.json does not list next. ${NOT_A_NEXT_APP}` };
  if (!host.appDir)
    return {
      refusal:
        'No app/ or src/app/ folder: talk-track init needs the Next.js App Router (its route file goes under app/api/).',
    };
  const { appDir } = host;

  const templatePath = (relative: string) => `${templates.dir}/${relative}`;
  const targets = templateTargets(appDir);
  const fileStep = (name: TemplateName): InitStep => {
    const { path, what } = targets[name];
    return {
      path,
      what,
      result: planTemplateFile(path, host.files[path], templates.files[name], templatePath(TEMPLATE_PATHS[name])),
    };
  };
  const migration = planMigration(
    templates.migration,
    host.migrations,
    now,
    templatePath(`${TEMPLATE_MIGRATIONS_DIR}/${templates.migration.name}`),
  );
  const getUserId = fileStep('getUserId');
  const steps: InitStep[] = [
    { ...migration, what: 'the jobs tables, their state functions and RLS' },
    fileStep('functionIndex'),
    fileStep('functionDenoJson'),
    {
      path: CONFIG_TOML_PATH,
      what: '[functions.generate-talk-track] verify_jwt = false',
      result: mergeConfigToml(host.files[CONFIG_TOML_PATH]),
    },
    {
      path: TSCONFIG_PATH,
      what: 'next build does not type-check the Deno function',
      result: mergeTsconfigExclude(host.files[TSCONFIG_PATH]),
    },
    fileStep('route'),
    getUserId,
  ];

  // The default getUserId needs @supabase/ssr; a host who wrote their own may not.
  const needed = [
    '@talk-track/server',
    '@talk-track/react',
    'sonner',
    'postgres',
    ...(getUserId.result.kind === 'attention' ? [] : ['@supabase/ssr']),
  ];
  return { appDir, steps, missingPackages: needed.filter((name) => !(name in dependencies)) };
}
