import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FUNCTION_BLOCK, mergeConfigToml } from './mergeConfigToml.ts';

const HOST_CONFIG = `project_id = "acme"

[api]
port = 54321

[functions.other]
verify_jwt = true
`;

describe('mergeConfigToml', () => {
  it('creates the file with the block when there is none', () => {
    expect(mergeConfigToml(undefined)).toEqual({ kind: 'create', content: FUNCTION_BLOCK });
    expect(FUNCTION_BLOCK).toMatch(/^\[functions\.generate-talk-track\]\n(#.*\n)*verify_jwt = false\n$/);
  });

  it("appends the block after the host's settings, leaving them as written", () => {
    expect(mergeConfigToml(HOST_CONFIG)).toEqual({ kind: 'update', content: `${HOST_CONFIG}\n${FUNCTION_BLOCK}` });
    expect(mergeConfigToml('project_id = "acme"')).toEqual({
      kind: 'update',
      content: `project_id = "acme"\n\n${FUNCTION_BLOCK}`,
    });
  });

  it('changes nothing when the block already turns verify_jwt off', () => {
    expect(mergeConfigToml(`${HOST_CONFIG}\n${FUNCTION_BLOCK}`)).toEqual({ kind: 'keep' });
    expect(
      mergeConfigToml('[functions."generate-talk-track"]\nimport_map = "x"\nverify_jwt = false # ok\n\n[api]\n'),
    ).toEqual({ kind: 'keep' });
  });

  it("finds nothing to add to this repository's own config.toml", async () => {
    expect(
      mergeConfigToml(await readFile(new URL('../../../../supabase/config.toml', import.meta.url), 'utf8')),
    ).toEqual({ kind: 'keep' });
  });

  it('reports verify_jwt = true and tells the host what to change, without editing it', () => {
    const result = mergeConfigToml('[functions.generate-talk-track]\nverify_jwt = true\n');
    expect(result).toEqual({ kind: 'attention', message: expect.stringContaining('Change it to verify_jwt = false') });
  });

  it("reads verify_jwt from the function's own block, not the next one", () => {
    const host =
      '[functions.generate-talk-track]\nimport_map = "./deno.json"\n\n[functions.other]\nverify_jwt = false\n';
    expect(mergeConfigToml(host)).toEqual({
      kind: 'update',
      content:
        '[functions.generate-talk-track]\nverify_jwt = false\nimport_map = "./deno.json"\n\n[functions.other]\nverify_jwt = false\n',
    });
  });
});
