import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_SOURCES } from './copyInitTemplates.ts';

const serverPackage = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
};

describe("the function folder's deno.json (what init writes and what the repository deploys)", () => {
  it('imports this version of @talk-track/server from npm, and a postgres line the server supports', async () => {
    const denoJson = JSON.parse(await readFile(TEMPLATE_SOURCES.functionDenoJson, 'utf8'));
    // postgres is the server's peer (`^3.4.9 || ^4.0.0`): the function pins one of its lines.
    const supportedLines = serverPackage.peerDependencies.postgres!.split('||').map((line) => line.trim());
    const postgresLine = String(denoJson.imports?.postgres).replace(/^npm:postgres@/, '');
    expect(supportedLines).toContain(postgresLine);

    // Nothing else: no nodeModulesDir (Supabase's deploy provides no node_modules) and no paths into
    // this repository.
    expect(denoJson).toEqual({
      imports: {
        '@talk-track/server/worker': `npm:@talk-track/server@${serverPackage.version}/worker`,
        postgres: `npm:postgres@${postgresLine}`,
      },
    });
  });

  it('maps every package the function imports', async () => {
    const index = await readFile(TEMPLATE_SOURCES.functionIndex, 'utf8');
    const imported = [...index.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    const denoJson = JSON.parse(await readFile(TEMPLATE_SOURCES.functionDenoJson, 'utf8'));

    expect(imported.sort()).toEqual(Object.keys(denoJson.imports).sort());
  });
});
