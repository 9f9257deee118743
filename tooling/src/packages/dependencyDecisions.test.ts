import { describe, expect, it } from 'vitest';
import { typeReferenceProblem } from './dependencyDecisions.ts';

const server = {
  name: '@talk-track/server',
  dependencies: { '@talk-track/core': '0.1.0', openai: '^6.30.1', zod: '^4.1.0' },
  peerDependencies: { postgres: '^3.4.9 || ^4.0.0' },
};

describe('which modules a declaration file may name', () => {
  it('allows peers, the kit, the package itself and dependencies listed as never handed in', () => {
    for (const specifier of ['postgres', '@talk-track/core', '@talk-track/server/worker', 'zod', 'zod/v4/core']) {
      expect(typeReferenceProblem(server, specifier, false), specifier).toBeNull();
    }
  });

  it('refuses a dependency not on the list, an undeclared module, and Node builtins outside Node-only entries', () => {
    expect(typeReferenceProblem(server, 'openai', false)).toMatch(/openai is a regular dependency/);
    expect(typeReferenceProblem(server, '@supabase/supabase-js', false)).toMatch(/neither a peer nor a dependency/);
    expect(typeReferenceProblem(server, '@talk-track/react', false)).toMatch(/neither a peer nor a dependency/);
    for (const builtin of ['node:fs', 'fs/promises', 'node'])
      expect(typeReferenceProblem(server, builtin, false), builtin).toMatch(/Node builtin/);
    expect(typeReferenceProblem(server, 'node:fs', true)).toBeNull();
  });
});
