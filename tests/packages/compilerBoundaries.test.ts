/**
 * The package boundaries are compiler settings (packages/*\/tsconfig*.json): these probes prove
 * they bite. Each project compiles a few one-line files with its own settings and references:
 * the allowed import must compile, every forbidden one must fail, so a loosened tsconfig (DOM
 * types in core's model, a path that lets react reach the server) fails here.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

interface Probe {
  name: string;
  code: string;
  allowed: boolean;
}

/** Compiles `probes` inside the project `tsconfig` (relative to the root) and returns the error lines per probe. */
async function compileProbes(tsconfig: string, references: string[], probes: Probe[]): Promise<Map<string, string[]>> {
  const projectDir = join(ROOT, tsconfig, '..');
  const tag = `.boundary-probe-${process.pid}`;
  const files = probes.map((probe) => ({ ...probe, path: join(projectDir, 'src', `${tag}-${probe.name}.ts`) }));
  const config = join(projectDir, `tsconfig${tag}.json`);
  await Promise.all(files.map(({ path, code }) => writeFile(path, code)));
  // `extends` does not carry `references`: they are repeated so the allowed imports resolve.
  await writeFile(
    config,
    JSON.stringify({
      extends: `./${tsconfig.split('/').pop()}`,
      compilerOptions: { noEmit: true, tsBuildInfoFile: null },
      include: [],
      files: files.map(({ path }) => path),
      references: references.map((path) => ({ path })),
    }),
  );
  try {
    const output = await run(process.execPath, [TSC, '-p', config, '--pretty', 'false'], {
      cwd: ROOT,
      maxBuffer: 32 * 1024 * 1024,
    }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    const lines = output.split('\n').filter((line) => / error TS\d+/.test(line));
    return new Map(
      files.map(({ name, path }) => [
        name,
        lines.filter((line) => line.startsWith(path.slice(ROOT.length)) || line.startsWith(path)),
      ]),
    );
  } finally {
    await Promise.all([config, ...files.map(({ path }) => path)].map((path) => rm(path, { force: true })));
  }
}

function expectVerdicts(errors: Map<string, string[]>, probes: Probe[]) {
  for (const { name, allowed } of probes) {
    if (allowed) expect(errors.get(name), name).toEqual([]);
    else expect(errors.get(name)?.length, `${name} should not compile`).toBeGreaterThan(0);
  }
}

describe('the compiler keeps the package boundaries', () => {
  // The referenced projects are read through their declarations: build them (a no-op when
  // `npm run typecheck` already did).
  beforeAll(() => run(process.execPath, [TSC, '-b', 'packages/core/tsconfig.client.json'], { cwd: ROOT }), 120_000);

  it("core's model compiles against the language alone: no DOM, no Node", { timeout: 120_000 }, async () => {
    const probes: Probe[] = [
      {
        name: 'language',
        code: 'export const probe = new Intl.NumberFormat("en").format([1, 2].at(-1) ?? 0);\n',
        allowed: true,
      },
      { name: 'dom', code: 'export const probe = document.title;\n', allowed: false },
      { name: 'node', code: 'export const probe = process.env.HOME;\n', allowed: false },
    ];
    expectVerdicts(await compileProbes('packages/core/tsconfig.json', [], probes), probes);
  });

  it('react reaches core (client and model) but never the server', { timeout: 120_000 }, async () => {
    const probes: Probe[] = [
      {
        name: 'core',
        code: "import { createTalkTrackClient } from '@talk-track/core/client';\nimport { deckSchema } from '@talk-track/core';\nexport const probe = [createTalkTrackClient, deckSchema];\n",
        allowed: true,
      },
      {
        name: 'server',
        code: "import { createTalkTrackHandler } from '@talk-track/server';\nexport const probe = createTalkTrackHandler;\n",
        allowed: false,
      },
    ];
    expectVerdicts(
      await compileProbes(
        'packages/react/tsconfig.json',
        ['../core/tsconfig.json', '../core/tsconfig.client.json'],
        probes,
      ),
      probes,
    );
  });

  it("the server reaches core's model but never the client entry or react", { timeout: 120_000 }, async () => {
    const probes: Probe[] = [
      {
        name: 'model',
        code: "import { deckSchema } from '@talk-track/core';\nexport const probe = deckSchema;\n",
        allowed: true,
      },
      {
        name: 'client',
        code: "import { createTalkTrackClient } from '@talk-track/core/client';\nexport const probe = createTalkTrackClient;\n",
        allowed: false,
      },
      {
        name: 'react',
        code: "import { useTalkTrackJob } from '@talk-track/react';\nexport const probe = useTalkTrackJob;\n",
        allowed: false,
      },
    ];
    expectVerdicts(await compileProbes('packages/server/tsconfig.json', ['../core/tsconfig.json'], probes), probes);
  });
});
