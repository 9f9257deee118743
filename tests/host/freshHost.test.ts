// The fresh-host test (`npm run test:host`): what a host installs and deploys, run as a host runs it,
// once per row of the version matrix (tests/host/hostRows.ts): the newest host stack npm resolves
// today and the oldest the packages' ranges and the README allow. The rows share one package
// build, one registry, one publish and one browser; each has its own app, database and worker.
//
// The three packages are built and published to a local Verdaccio registry that serves only the
// @talk-track scope. A fresh Next.js App Router app is made with create-next-app in a temp folder
// outside this workspace (its own tsconfig.json, a `supabase/` folder inside it); its .npmrc sends
// only @talk-track to the local registry, everything else comes from the usual one. It installs
// the kit, then init writes the migration, the function folder, config.toml, the tsconfig exclude
// and the route. The migration FILE from the app is applied to an embedded Postgres (after the
// stand-in of Supabase's roles); the function folder is type-checked and served by Deno as
// shipped (its npm: imports resolved through the .npmrc in its folder); `next build` and
// `next start` run in production mode; Chromium drives the journey on the host's own pages, whose
// layout and pages are Server Components importing the kit's components straight from the package.
//
// Auth: init's default getUserId asks Supabase Auth, which cannot run here (no GoTrue, and
// supabase-js's server client needs Node 22's WebSocket). The host fills in its own auth instead,
// as a host whose auth differs does: tests/host/app/…/getUserId.ts reads the user's id from a
// cookie that the test's browser carries. Init's own getUserId.ts is kept in lib/, so next build
// still type-checks it against the row's @supabase/ssr and next. The host's files work on Next 14
// and 16 alike (`await cookies()` is harmless where cookies() is synchronous).
import { randomUUID } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tooling/src/freePort.ts';
import { ensurePackagesBuilt } from '../../tooling/src/packages/ensurePackagesBuilt.ts';
import { PUBLISHED_WORKSPACES } from '../../tooling/src/packages/packPublished.ts';
import { publishPackages, type RunningRegistry, startRegistry } from '../../tooling/src/registry/index.ts';
import { startNextApp } from '../../tooling/src/stack/startNextApp.ts';
import { launchChromium, screenshot, waitForProgressAbove } from '../browser/browserSession.ts';
import { HOST_USER_COOKIE } from './app/app/api/generate/talk-track/[[...path]]/getUserId.ts';
import { HOST_DECK } from './app/app/hostDeck.ts';
import { CleanupStack } from './cleanupStack.ts';
import { createHostApp, type HostApp } from './createHostApp.ts';
import { hostCommand } from './hostCommand.ts';
import {
  HOST_ROWS,
  type InstalledVersions,
  README_INSTALL,
  readInstalledVersions,
  VERSION_HEADINGS,
  versionsTable,
} from './hostRows.ts';
import { type HostBackend, startHostBackend } from './startHostBackend.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = PUBLISHED_WORKSPACES.map((workspace) => join(REPO, workspace));
// 40 slides in chunks of 5, one at a time, 1.5 s each: about twelve seconds of visible progress.
const LLM_LATENCY_MS = 1_500;
const WORKER_ENV = { TALK_TRACK_CHUNK_CONCURRENCY: '1' };
/** From the click to the toast, with room for a slow machine. */
const JOB_TIMEOUT_MS = 90_000;

/** Shared by both rows: one package build, one registry, one publish, one browser. */
const shared = new CleanupStack();
const timings: string[] = [];
const installed: Array<{ name: string; versions: InstalledVersions }> = [];
let registry: RunningRegistry;
let browser: Browser;

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

beforeAll(async () => {
  // Skipped when dist/ is newer than every source (CI has just built it for `npm test`).
  await step('build packages', () => ensurePackagesBuilt());
  registry = await step('start registry', () => startRegistry({ scope: '@talk-track' }));
  shared.defer(() => registry.stop());
  await step('publish', () => publishPackages(registry.url, PACKAGES));
  browser = await launchChromium();
  shared.defer(() => browser.close());
}, 600_000);

afterAll(async () => {
  await shared.run();
  console.info(`test:host steps: ${timings.join(', ')}`);
  console.info(`test:host installed versions:\n${versionsTable(installed)}`);
});

it("installs, in the newest row, exactly the README's install line", async () => {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  expect(readme).toContain(`\nnpm install ${README_INSTALL.join(' ')}\n`);
  expect(HOST_ROWS.find(({ name }) => name === 'newest')?.install).toEqual(README_INSTALL);
});

describe.each(HOST_ROWS.map((row) => [row.name, row] as const))(
  'a fresh host app with the packed kit, %s stack',
  (_name, row) => {
    const cleanup = new CleanupStack();
    let app: HostApp;
    let backend: HostBackend;
    let appUrl: string;

    beforeAll(async () => {
      const rowStep = <T>(name: string, work: () => Promise<T>) => step(`${row.name}: ${name}`, work);
      app = await rowStep('create app, install, init', () => createHostApp(registry.url, row, cleanup));
      installed.push({ name: row.name, versions: await readInstalledVersions(app.dir) });
      backend = await rowStep('database, deno check, worker', () =>
        startHostBackend(app.dir, { llmLatencyMs: LLM_LATENCY_MS, workerEnv: WORKER_ENV }, cleanup),
      );

      // The route's environment, at build time too (as on Vercel): where the jobs live and how to reach the function.
      const appEnv = {
        DATABASE_URL: backend.databaseUrl,
        TALK_TRACK_WORKER_URL: backend.workerUrl,
        SUPABASE_SECRET_KEY: backend.secretKey,
      };
      await rowStep('next build', () =>
        hostCommand('npm', ['run', 'build'], { cwd: app.dir, env: appEnv, signal: cleanup.signal }),
      );
      const next = await rowStep('next start', async () =>
        startNextApp({
          mode: 'start',
          appDir: app.dir,
          readyPath: '/',
          port: await freePort(),
          env: appEnv,
          onLine: () => {},
        }),
      );
      cleanup.defer(() => next.stop());
      appUrl = next.url;
    }, 600_000);

    afterAll(() => cleanup.run());

    it('installed the versions this row stands for', async () => {
      const versions = installed.find(({ name }) => name === row.name)!.versions;
      console.info(
        `test:host ${row.name}: ${Object.entries(versions)
          .map(([name, version]) => `${name} ${version}`)
          .join(', ')}`,
      );
      // Each pinned package (name@version) is what the app's node_modules holds, and so is create-next-app's next.
      const pinned = row.install
        .map((spec) => /^(@?[^@]+)@(.+)$/.exec(spec))
        .flatMap((match) => (match ? [[match[1]!, match[2]!] as const] : []));
      if (row.createNextApp.version !== 'latest') pinned.push(['next', row.createNextApp.version]);
      for (const [name, version] of pinned) {
        const heading = VERSION_HEADINGS[name];
        if (heading) expect(versions[heading], name).toBe(version);
      }
      if (row.name !== 'newest') return;
      // The newest row stands for today: each unpinned library of the install line is the version npm
      // calls latest right now (postgres 4 since 2026-11-29), not whatever the npm cache held.
      for (const name of README_INSTALL.filter((spec) => !spec.startsWith('@talk-track/'))) {
        const [latest] = await hostCommand('npm', ['view', name, 'version'], { cwd: app.dir });
        expect(versions[VERSION_HEADINGS[name]!], name).toBe(latest?.trim());
      }
    });

    it('installs the kit from the local registry into an app outside the workspace, linked to nothing', async () => {
      expect(relative(REPO, app.dir).startsWith('..')).toBe(true);
      const lock = JSON.parse(await readFile(join(app.dir, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { integrity?: string; link?: boolean }>;
      };
      for (const name of ['core', 'server', 'react']) {
        // npm 11 leaves registry URLs out of the lockfile: the integrity says it is the tarball just published here.
        const published = (await (await fetch(`${registry.url}@talk-track%2f${name}`)).json()) as {
          versions: Record<string, { dist: { integrity: string } }>;
        };
        const entry = lock.packages[`node_modules/@talk-track/${name}`];
        expect(entry?.link, name).toBeUndefined();
        expect(entry?.integrity, name).toBe(Object.values(published.versions)[0]!.dist.integrity);
        expect((await lstat(join(app.dir, 'node_modules/@talk-track', name))).isSymbolicLink(), name).toBe(false);
      }
      // Deno fetched the server package from the local registry too, through the function's .npmrc.
      expect(backend.denoCheckOutput.join('\n')).toMatch(
        new RegExp(`Download ${registry.url}@talk-track/server/-/server-`),
      );
      expect(backend.appliedMigrations).toEqual([expect.stringMatching(/^\d{14}_talk_track_jobs\.sql$/)]);
      expect(app.initOutput.join('\n')).toMatch(/Wrote .*supabase\/functions\/generate-talk-track\/deno\.json/);
      expect(app.rerunOutput.join('\n')).toContain('Nothing to change');
      // create-next-app's tsconfig, with init's exclude merged in: next build type-checked the app but not the Deno function.
      const tsconfig = JSON.parse(await readFile(join(app.dir, 'tsconfig.json'), 'utf8')) as {
        exclude: string[];
        compilerOptions: { plugins: unknown[] };
      };
      expect(tsconfig.exclude).toContain('supabase/functions');
      expect(tsconfig.compilerOptions.plugins).toEqual([{ name: 'next' }]);
    });

    it('runs the journey in Chromium: Generate → banner → progress moves → another page → toast → sidebar check', async () => {
      const userId = randomUUID();
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
      await context.addCookies([{ name: HOST_USER_COOKIE, value: userId, url: appUrl }]);
      const page = await context.newPage();
      await page.goto(appUrl);
      await page.getByRole('button', { name: 'Generate Talk Track' }).click();

      await page.getByText(/this may take 2–5 minutes/).waitFor();
      const first = await waitForProgressAbove(page, 0);
      expect(first).toBeLessThan(100);
      const later = await waitForProgressAbove(page, first);
      expect(later).toBeGreaterThan(first);
      await screenshot(page, `host-${row.name}-1-banner-and-progress`);

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL('**/settings');
      await page.getByText('Your talk track is ready').waitFor({ timeout: JOB_TIMEOUT_MS });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
      await page.getByRole('img', { name: 'Talk track ready' }).waitFor();
      await screenshot(page, `host-${row.name}-2-toast-and-sidebar-check`);

      const sql = postgres(backend.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        const jobs = await sql<{ status: string; progress: number; chunks: number }[]>`
        select status, progress, (select count(*)::int from talk_track_chunks c where c.job_id = j.id) as chunks
        from talk_track_jobs j where user_id = ${userId} and deck_id = ${HOST_DECK.id}`;
        expect(jobs).toEqual([{ status: 'completed', progress: 100, chunks: HOST_DECK.slides.length / 5 }]);
      } finally {
        await sql.end();
      }
      await context.close();
    });
  },
);
