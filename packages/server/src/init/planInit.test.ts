import { describe, expect, it } from 'vitest';
import type { InitTemplates } from './initTemplates.ts';
import { planInit, type HostProject } from './planInit.ts';

const TEMPLATES: InitTemplates = {
  dir: 'node_modules/@talk-track/server/dist/templates',
  migration: { name: '20261128000000_talk_track_jobs.sql', content: 'create table talk_track_jobs ();\n' },
  files: {
    functionIndex: 'Deno.serve();\n',
    functionDenoJson: '{}\n',
    route: 'export const GET = 1;\n',
    getUserId: 'export const getUserId = 1;\n',
  },
};
const NOW = new Date('2026-11-29T20:45:07Z');

function host(overrides: Partial<HostProject> = {}): HostProject {
  return {
    packageJson: { dependencies: { next: '16.0.0', react: '19.0.0' } },
    appDir: 'app',
    files: {},
    migrations: [],
    ...overrides,
  };
}

function plan(project: HostProject) {
  const result = planInit(project, TEMPLATES, NOW);
  if ('refusal' in result) throw new Error(result.refusal);
  return result;
}

describe('planInit', () => {
  it('plans every piece for a fresh App Router app', () => {
    const { steps } = plan(host());
    expect(steps.map(({ path, result }) => [path, result.kind])).toEqual([
      ['supabase/migrations/20261129204507_talk_track_jobs.sql', 'create'],
      ['supabase/functions/generate-talk-track/index.ts', 'create'],
      ['supabase/functions/generate-talk-track/deno.json', 'create'],
      ['supabase/config.toml', 'create'],
      ['tsconfig.json', 'create'],
      ['app/api/generate/talk-track/[[...path]]/route.ts', 'create'],
      ['app/api/generate/talk-track/[[...path]]/getUserId.ts', 'create'],
    ]);
    expect(steps[5]!.result).toEqual({ kind: 'create', content: TEMPLATES.files.route });
  });

  it('puts the route under src/app when that is where the app lives', () => {
    const routes = plan(host({ appDir: 'src/app' })).steps.filter(({ path }) => path.includes('/api/'));
    expect(routes.map(({ path }) => path)).toEqual([
      'src/app/api/generate/talk-track/[[...path]]/route.ts',
      'src/app/api/generate/talk-track/[[...path]]/getUserId.ts',
    ]);
  });

  it('lists the packages the written files use that package.json lacks', () => {
    expect(plan(host()).missingPackages).toEqual([
      '@talk-track/server',
      '@talk-track/react',
      'sonner',
      'postgres',
      '@supabase/ssr',
    ]);
    const installed = { next: '16', '@talk-track/server': '0.1.0', '@talk-track/react': '0.1.0', sonner: '2' };
    expect(
      plan(host({ packageJson: { dependencies: installed, devDependencies: { postgres: '3' } } })).missingPackages,
    ).toEqual(['@supabase/ssr']);
  });

  it('does not ask for @supabase/ssr when the host wrote their own getUserId', () => {
    const files = {
      'app/api/generate/talk-track/[[...path]]/getUserId.ts': 'export async function getUserId() { return "me"; }\n',
    };
    expect(plan(host({ files })).missingPackages).not.toContain('@supabase/ssr');
  });

  it('refuses outside a Next.js App Router app, saying why', () => {
    const refusal = (project: HostProject) => (planInit(project, TEMPLATES, NOW) as { refusal?: string }).refusal;
    expect(refusal(host({ packageJson: undefined }))).toMatch(/No package\.json/);
    expect(refusal(host({ packageJson: { dependencies: { react: '19' } } }))).toMatch(/does not list next/);
    expect(refusal(host({ packageJson: { devDependencies: { next: '16' } } }))).toBeUndefined();
    expect(refusal(host({ appDir: undefined }))).toMatch(/No app\/ or src\/app\/ folder/);
  });
});
