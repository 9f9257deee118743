import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInitTemplates } from './copyInitTemplates.ts';
import { runInit, type RunInitOptions } from './runInit.ts';

const ROUTE_DIR = 'api/generate/talk-track/[[...path]]';
/** What create-next-app writes that init cares about. */
const NEXT_TSCONFIG =
  '{\n  "compilerOptions": { "strict": true },\n  "include": ["**/*.ts", "**/*.tsx"],\n  "exclude": ["node_modules"]\n}\n';

let scratch: string;
let templatesDir: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'talk-track-init-'));
  templatesDir = join(scratch, 'templates');
  await copyInitTemplates(templatesDir);
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A fresh Next.js App Router app, as create-next-app leaves it (the parts init reads). */
async function nextApp(appDir: 'app' | 'src/app'): Promise<string> {
  const root = await mkdtemp(join(scratch, 'app-'));
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name: 'host', dependencies: { next: '16.0.0', react: '19.2.0' } }),
  );
  await writeFile(join(root, 'tsconfig.json'), NEXT_TSCONFIG);
  await mkdir(join(root, appDir), { recursive: true });
  await writeFile(join(root, appDir, 'page.tsx'), 'export default function Page() { return null; }\n');
  return root;
}

async function init(root: string, options: Partial<RunInitOptions> = {}): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runInit({
    root,
    templatesDir,
    yes: true,
    print: (text) => lines.push(text),
    now: new Date('2026-11-29T20:45:07Z'),
    ...options,
  });
  return { code, output: lines.join('\n') };
}

/** Every file under `root`, with its content. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Object.fromEntries(
    await Promise.all(files.map(async (file) => [file.slice(root.length + 1), await readFile(file, 'utf8')] as const)),
  );
}

const shipped = (path: string) => readFile(join(templatesDir, path), 'utf8');

describe('talk-track init', () => {
  for (const appDir of ['app', 'src/app'] as const) {
    it(`writes every piece into a fresh app with ${appDir}/ and prints the next steps`, async () => {
      const root = await nextApp(appDir);
      const { code, output } = await init(root);

      expect(code).toBe(0);
      const files = await snapshot(root);
      expect(files['supabase/migrations/20261129204507_talk_track_jobs.sql']).toBe(
        await shipped('migrations/20261128000000_talk_track_jobs.sql'),
      );
      expect(files['supabase/functions/generate-talk-track/index.ts']).toBe(
        await shipped('functions/generate-talk-track/index.ts'),
      );
      expect(files['supabase/functions/generate-talk-track/deno.json']).toBe(
        await shipped('functions/generate-talk-track/deno.json'),
      );
      expect(files[`${appDir}/${ROUTE_DIR}/route.ts`]).toBe(await shipped('route/route.ts'));
      expect(files[`${appDir}/${ROUTE_DIR}/getUserId.ts`]).toBe(await shipped('route/getUserId.ts'));
      expect(files['supabase/config.toml']).toMatch(
        /^\[functions\.generate-talk-track\]\n(#.*\n)*verify_jwt = false\n$/,
      );
      expect(JSON.parse(files['tsconfig.json']!)).toEqual({
        ...JSON.parse(NEXT_TSCONFIG),
        exclude: ['node_modules', 'supabase/functions'],
      });
      // package.json, tsconfig.json and the page, plus the six new files.
      expect(Object.keys(files)).toHaveLength(9);

      expect(output).toContain('npm install @talk-track/server @talk-track/react sonner postgres @supabase/ssr');
      for (const step of [
        'DATABASE_URL',
        'SUPABASE_URL',
        'SUPABASE_SECRET_KEY',
        'supabase db push',
        'supabase secrets set OPENAI_API_KEY',
        'supabase functions deploy generate-talk-track',
        '<TalkTrackProvider>',
        '<Toaster />',
        'useTalkTrackJob',
      ]) {
        expect(output).toContain(step);
      }
    });
  }

  it('changes nothing on a second run, and says so', async () => {
    const root = await nextApp('app');
    await init(root);
    const before = await snapshot(root);

    const { code, output } = await init(root, { now: new Date('2026-12-01T00:00:00Z') });

    expect(code).toBe(0);
    expect(await snapshot(root)).toEqual(before);
    expect(output).toContain('Nothing to change');
  });

  it('never overwrites a file the host changed: names it and prints how to compare', async () => {
    const root = await nextApp('app');
    await init(root);
    const route = join(root, 'app', ROUTE_DIR, 'route.ts');
    const edited = `${await readFile(route, 'utf8')}// our logging\n`;
    await writeFile(route, edited);
    await rm(join(root, 'supabase/config.toml'));

    const { code, output } = await init(root);

    expect(code).toBe(0);
    expect(await readFile(route, 'utf8')).toBe(edited);
    expect(output).toContain(`CHECK: app/${ROUTE_DIR}/route.ts differs from the file this version ships`);
    expect(output).toContain(`diff -u '${join(templatesDir, 'route/route.ts')}' 'app/${ROUTE_DIR}/route.ts'`);
    // The rest still gets done.
    expect(await readFile(join(root, 'supabase/config.toml'), 'utf8')).toContain('verify_jwt = false');
  });

  it("appends to the host's config.toml and reports a verify_jwt = true instead of flipping it", async () => {
    const root = await nextApp('app');
    await mkdir(join(root, 'supabase'));
    await writeFile(join(root, 'supabase/config.toml'), 'project_id = "acme"\n');
    await init(root);
    expect(await readFile(join(root, 'supabase/config.toml'), 'utf8')).toMatch(
      /^project_id = "acme"\n\n\[functions\.generate-talk-track\]\n[\s\S]*verify_jwt = false\n$/,
    );

    await writeFile(join(root, 'supabase/config.toml'), '[functions.generate-talk-track]\nverify_jwt = true\n');
    const { output } = await init(root);
    expect(await readFile(join(root, 'supabase/config.toml'), 'utf8')).toBe(
      '[functions.generate-talk-track]\nverify_jwt = true\n',
    );
    expect(output).toContain('CHECK: supabase/config.toml sets verify_jwt = true');
  });

  it('asks before writing when it can, and writes nothing on no', async () => {
    const root = await nextApp('app');
    const before = await snapshot(root);
    const questions: string[] = [];

    const { code, output } = await init(root, {
      yes: false,
      confirm: async (question) => (questions.push(question), false),
    });

    expect(questions).toEqual(['\nWrite 7 files? [Y/n] ']);
    expect(code).toBe(1);
    expect(output).toContain('Nothing written.');
    expect(await snapshot(root)).toEqual(before);
  });

  it('refuses outside a Next.js App Router app, with exit code 1 and nothing written', async () => {
    const root = await mkdtemp(join(scratch, 'plain-'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'plain', dependencies: { express: '5' } }));

    const { code, output } = await init(root);

    expect(code).toBe(1);
    expect(output).toMatch(/^talk-track init: package\.json does not list next\./);
    expect(Object.keys(await snapshot(root))).toEqual(['package.json']);
  });
});
