import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuild } from '../tsup.cli.ts';
import { TEMPLATE_PATHS, type TemplateName } from './init/initTemplates.ts';
import { TEMPLATE_SOURCES } from './init/copyInitTemplates.ts';

const REPO_MIGRATIONS = new URL('../../../supabase/migrations/', import.meta.url);

// The bin exactly as the package build makes it (same tsup options, same template step), but into a
// scratch folder: the package's own dist/ may be rebuilt by another test file at the same time.
let scratch: string;
let outDir: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'talk-track-cli-'));
  outDir = join(scratch, 'dist');
  await build({ ...cliBuild(outDir), config: false, silent: true });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function talkTrack(args: string[], cwd: string) {
  return spawnSync(process.execPath, [join(outDir, 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('the built talk-track bin', () => {
  it('is an executable Node script', async () => {
    expect((await readFile(join(outDir, 'cli.js'), 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect((await stat(join(outDir, 'cli.js'))).mode & 0o111).not.toBe(0);
  });

  it("ships the repository's migration and function files unchanged", async () => {
    const migrations = (await readdir(REPO_MIGRATIONS)).filter((name) => name.endsWith('.sql'));
    expect(migrations).toHaveLength(1);
    expect(await readFile(join(outDir, 'templates/migrations', migrations[0]!), 'utf8')).toBe(
      await readFile(new URL(migrations[0]!, REPO_MIGRATIONS), 'utf8'),
    );
    for (const [name, path] of Object.entries(TEMPLATE_PATHS)) {
      expect(await readFile(join(outDir, 'templates', path), 'utf8')).toBe(
        await readFile(TEMPLATE_SOURCES[name as TemplateName], 'utf8'),
      );
    }
  });

  it('sets up a fresh Next.js app with init --yes (no terminal), then finds nothing to do', async () => {
    const root = await mkdtemp(join(scratch, 'host-'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ dependencies: { next: '16.0.0' } }));
    await mkdir(join(root, 'src/app'), { recursive: true });

    const first = talkTrack(['init', '--yes'], root);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Wrote supabase/migrations/');
    expect(await readFile(join(root, 'src/app/api/generate/talk-track/[[...path]]/route.ts'), 'utf8')).toBe(
      await readFile(TEMPLATE_SOURCES.route, 'utf8'),
    );

    const second = talkTrack(['init'], root);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Nothing to change');
  });

  it('refuses outside a Next.js app and explains its usage', async () => {
    const refused = talkTrack(['init', '--yes'], scratch);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('talk-track init: No package.json here.');

    const unknown = talkTrack(['deploy'], scratch);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Usage: npx talk-track init [--yes]');
  });
});
