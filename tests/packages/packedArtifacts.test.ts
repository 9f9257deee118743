/**
 * What hosts install, checked as they get it: the `npm pack` output of the three published
 * packages (built by the test run's global setup), not the workspace source.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as testDoubles from '@talk-track/testing';
import { API_REPORT_DIR, renderApiReports } from '../../tooling/src/packages/apiReport.ts';
import { apiSurfaces } from '../../tooling/src/packages/apiSurface.ts';
import {
  DEPENDENCY_DECISIONS,
  NODE_ONLY_ENTRIES,
  typeReferenceProblem,
} from '../../tooling/src/packages/dependencyDecisions.ts';
import {
  declarationReferences,
  externalImports,
  packageOf,
  readManifest,
} from '../../tooling/src/packages/packedImports.ts';
import { packPublished, type PackedPackage } from '../../tooling/src/packages/packPublished.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let work: string;
let packed: PackedPackage[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'talk-track-packed-'));
  packed = await packPublished(work);
});
afterAll(() => rm(work, { recursive: true, force: true }));

const byName = (name: string) => packed.find((pkg) => pkg.name === name)!;
const filesIn = async (dir: string, pattern: RegExp) =>
  (await readdir(join(dir, 'dist'))).filter((file) => pattern.test(file)).map((file) => join(dir, 'dist', file));

describe('the npm pack output', () => {
  it('marks every build of the react entry as client code on its first line', async () => {
    const react = byName('@talk-track/react');
    const builds = await filesIn(react.dir, /\.c?js$/);
    expect(builds.length).toBeGreaterThanOrEqual(2);
    for (const file of builds) expect((await readFile(file, 'utf8')).split('\n')[0], file).toBe("'use client';");
  });

  it("inlines no dependency: every source in every source map is the package's own", async () => {
    for (const { name, dir } of packed) {
      for (const map of await filesIn(dir, /\.map$/)) {
        const { sources } = JSON.parse(await readFile(map, 'utf8')) as { sources: string[] };
        const foreign = sources.filter((source) => !source.startsWith('../src/'));
        expect(foreign, `${name} ${map}`).toEqual([]);
      }
    }
  });

  it('imports only what its package.json declares', async () => {
    for (const { name, dir } of packed) {
      const manifest = await readManifest(dir);
      const declared = new Set([
        name,
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      for (const file of await filesIn(dir, /\.c?js$/)) {
        // Node builtins (the talk-track bin's `node:fs` and the like) need no declaration.
        const undeclared = (await externalImports(file))
          .map(packageOf)
          .filter((pkg) => !pkg.startsWith('node:') && !declared.has(pkg));
        expect(undeclared, `${name} ${file}`).toEqual([]);
      }
    }
  });

  it('names in its declarations only peers, the kit, and dependencies whose values a host never hands in', async () => {
    const problems: string[] = [];
    let references = 0;
    for (const { dir } of packed) {
      const manifest = await readManifest(dir);
      for (const { file, specifier, entries } of await declarationReferences(dir)) {
        references += 1;
        const nodeOnly = entries.length > 0 && entries.every((entry) => NODE_ONLY_ENTRIES.includes(entry));
        const problem = typeReferenceProblem(manifest, specifier, nodeOnly);
        if (problem) problems.push(`${manifest.name} ${file}: ${problem}`);
      }
    }
    // The declarations do name libraries (react, zod, postgres, …): a reader that found none would pass anything.
    expect(references).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('declares every runtime library as DEPENDENCY_DECISIONS says, and the list names nothing unused', async () => {
    const declared = new Map<string, string>();
    for (const { name, dir } of packed) {
      const manifest = await readManifest(dir);
      const kinds = [
        ...Object.keys(manifest.dependencies ?? {}).map((pkg) => [pkg, 'dependency'] as const),
        ...Object.keys(manifest.peerDependencies ?? {}).map((pkg) => [pkg, 'peer'] as const),
      ];
      for (const [pkg, kind] of kinds) {
        if (pkg.startsWith('@talk-track/')) continue;
        expect(kind, `${name} declares ${pkg}`).toBe(DEPENDENCY_DECISIONS[pkg]?.as);
        declared.set(pkg, kind);
      }
    }
    expect([...declared.keys()].sort()).toEqual(Object.keys(DEPENDENCY_DECISIONS).sort());
  });

  it('ships the LICENSE, its own README and the metadata of the one repository', async () => {
    const root = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
    // The canonical address is written once, in the root package.json: `git+https://host/org/repo.git`.
    const site = root.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(site).toMatch(/^https:\/\/[^/]+\/[^/]+\/[^/]+$/);
    const license = await readFile(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    for (const { name, dir } of packed) {
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest.license, name).toBe('MIT');
      expect(await readFile(join(dir, 'LICENSE'), 'utf8'), `${name} LICENSE`).toBe(license);
      expect(manifest.repository, name).toEqual({
        type: 'git',
        url: root.repository.url,
        directory: `packages/${name.split('/')[1]}`,
      });
      expect(manifest.homepage, name).toBe(`${site}/tree/main/packages/${name.split('/')[1]}#readme`);
      expect(manifest.bugs, name).toEqual({ url: `${site}/issues` });
      expect(manifest.description, name).toEqual(expect.any(String));
      expect((manifest.keywords as string[] | undefined)?.length, `${name} keywords`).toBeGreaterThan(0);
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      expect(readme.split('\n')[0], `${name} README`).toBe(`# ${name}`);
      expect(readme, `${name} README installs it`).toContain(`npm install ${name}`);
      // Read on the registry's page, where only absolute links work: the guide is the repository's README.
      const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map(([, target]) => target!);
      expect(links, `${name} README links`).toContain(`${site}#readme`);
      expect(
        links.filter((target) => !target.startsWith(`${site}#`) && !target.startsWith(`${site}/`)),
        `${name} README links`,
      ).toEqual([]);
    }
  });

  it('keeps the browser entries free of zod', async () => {
    const react = byName('@talk-track/react').dir;
    const browserEntries = [
      join(byName('@talk-track/core').dir, 'dist/client.js'),
      join(react, 'dist/index.js'),
      join(react, 'dist/notify-when-hidden.js'),
    ];
    for (const file of browserEntries) {
      const imports = await externalImports(file);
      expect(imports, file).not.toContain('zod');
      // The root entry carries the schemas: the browser side reaches the model through ./client.
      expect(imports, file).not.toContain('@talk-track/core');
    }
  });

  it('exposes no test double in any public declaration', async () => {
    const doubles = Object.keys(testDoubles);
    expect(doubles).toContain('createMemoryLocks');
    for (const { dir } of packed) {
      for (const { entry, text } of await apiSurfaces(dir)) {
        expect(
          doubles.filter((double) => new RegExp(`\\b${double}\\b`).test(text)),
          entry,
        ).toEqual([]);
      }
    }
  });

  it('matches the checked-in API reports (run `npm run api:report` after a deliberate change)', async () => {
    const reports = await renderApiReports(packed);
    expect([...reports.keys()].sort()).toEqual((await readdir(API_REPORT_DIR)).sort());
    for (const [file, text] of reports)
      expect(text, `api-reports/${file} is out of date`).toBe(await readFile(join(API_REPORT_DIR, file), 'utf8'));
  });
});
