import { describe, expect, it } from 'vitest';
import { mergeTsconfigExclude } from './mergeTsconfigExclude.ts';

/** The tsconfig.json create-next-app writes (trimmed), in its own formatting. */
const NEXT_TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2017",
    "strict": true,
    "paths": {
      "@/*": ["./*"]
    }
  },
  "include": ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts"],
  "exclude": ["node_modules"]
}
`;

function merged(text: string | undefined): string {
  const result = mergeTsconfigExclude(text);
  if (result.kind !== 'create' && result.kind !== 'update')
    throw new Error(`expected a write, got ${JSON.stringify(result)}`);
  return result.content;
}

describe('mergeTsconfigExclude', () => {
  it("adds supabase/functions to Next's exclude and changes nothing else", () => {
    expect(merged(NEXT_TSCONFIG)).toBe(
      NEXT_TSCONFIG.replace('"exclude": ["node_modules"]', '"exclude": ["node_modules", "supabase/functions"]'),
    );
  });

  it('keeps the file as it is when the folder is already excluded', () => {
    expect(mergeTsconfigExclude(merged(NEXT_TSCONFIG))).toEqual({ kind: 'keep' });
    for (const entry of [
      'supabase',
      './supabase/functions/',
      'supabase/functions/**',
      'supabase/functions/generate-talk-track',
    ]) {
      expect(mergeTsconfigExclude(`{ "exclude": ["${entry}"] }`)).toEqual({ kind: 'keep' });
    }
  });

  it('adds an exclude (with node_modules) when there is none, keeping comments and trailing commas', () => {
    const host = `{
  // Ours: strict everywhere.
  "compilerOptions": { "strict": true, /* see docs */ },
  "include": ["**/*.ts"], // everything
}
`;
    const content = merged(host);
    expect(content).toBe(`{
  // Ours: strict everywhere.
  "compilerOptions": { "strict": true, /* see docs */ },
  "include": ["**/*.ts"], // everything
  "exclude": ["node_modules", "supabase/functions"],
}
`);
  });

  it('puts the entry on its own line in a multi-line exclude, with the same indentation', () => {
    const host = `{
    "exclude": [
        "node_modules", // deps
        "dist"
    ]
}`;
    expect(merged(host)).toBe(`{
    "exclude": [
        "node_modules", // deps
        "dist",
        "supabase/functions"
    ]
}`);
  });

  it('fills an empty exclude and an empty object', () => {
    expect(merged('{ "exclude": [] }')).toBe('{ "exclude": ["supabase/functions"] }');
    expect(merged('{}')).toBe('{"exclude": ["node_modules", "supabase/functions"]}');
  });

  it('is not fooled by look-alikes inside strings or nested objects', () => {
    const host = '{ "compilerOptions": { "exclude": ["x"] }, "description": "// \\"exclude\\": [] }" }';
    const content = merged(host);
    expect(content).toBe(
      '{ "compilerOptions": { "exclude": ["x"] }, "description": "// \\"exclude\\": [] }", "exclude": ["node_modules", "supabase/functions"] }',
    );
    expect(JSON.parse(content).exclude).toEqual(['node_modules', 'supabase/functions']);
  });

  it('creates a tsconfig.json that only excludes, when there is none (Next fills in the rest)', () => {
    expect(JSON.parse(merged(undefined))).toEqual({ exclude: ['node_modules', 'supabase/functions'] });
  });

  it('asks the host to do it when the file cannot be read, and never rewrites it', () => {
    for (const broken of ['{ "exclude": ["node_modules" ', '{ /* unterminated', '[]', '{ "exclude": "supabase" }']) {
      const result = mergeTsconfigExclude(broken);
      expect(result.kind).toBe('attention');
      expect(result).toMatchObject({ message: expect.stringContaining('supabase/functions') });
    }
  });
});
