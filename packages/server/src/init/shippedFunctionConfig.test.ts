import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_SOURCES } from './copyInitTemplates.ts';

const serverPackage = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  peerDependencies: { postgres: string };
};
const workspacePackage = JSON.parse(await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
  devDependencies: Record<string, string>;
};

describe("the function folder's deno.json (what init writes and what the repository deploys)", () => {
  it('imports this version of @talk-track/server from npm, and the postgres the workspace tests with', async () => {
    const denoJson = JSON.parse(await readFile(TEMPLATE_SOURCES.functionDenoJson, 'utf8'));

    // Nothing else: no nodeModulesDir (Supabase's deploy provides no node_modules) and no paths into
    // this repository.
    expect(denoJson).toEqual({
      imports: {
        '@talk-track/server/worker': `npm:@talk-track/server@${serverPackage.version}/worker`,
        postgres: `npm:postgres@${workspacePackage.devDependencies.postgres}`,
      },
    });
  });

  it("imports a postgres major inside the server's peer range", async () => {
    const denoJson = JSON.parse(await readFile(TEMPLATE_SOURCES.functionDenoJson, 'utf8'));
    const major = /^npm:postgres@\^(\d+)\./.exec(denoJson.imports.postgres)?.[1];

    expect(serverPackage.peerDependencies.postgres.split(' || ')).toContain(`^${major}.0.0`);
  });

  it('maps every package the function imports', async () => {
    const index = await readFile(TEMPLATE_SOURCES.functionIndex, 'utf8');
    const imported = [...index.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    const denoJson = JSON.parse(await readFile(TEMPLATE_SOURCES.functionDenoJson, 'utf8'));

    expect(imported.sort()).toEqual(Object.keys(denoJson.imports).sort());
  });
});
