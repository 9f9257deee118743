import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The kit's install line from the README's quickstart, as a host types it: the kit, sonner for its
 * toasts, postgres for the route's job store, @supabase/ssr for init's getUserId.
 */
export const README_INSTALL = ['@talk-track/react', '@talk-track/server', 'sonner', 'postgres', '@supabase/ssr'];

/** One host stack the fresh-host test builds and runs: how the app is made and what it installs. */
export interface HostRow {
  name: 'newest' | 'oldest';
  /** The create-next-app version (`npx create-next-app@<this>`) and its flags, which differ by major. */
  createNextApp: { version: string; args: readonly string[] };
  /** What `npm install` is given in the app: the README's line, pinned for the oldest stack. */
  install: readonly string[];
}

/** The flags of today's latest create-next-app (16): every question answered, no install (the kit's install follows), no git. */
const CREATE_NEXT_APP_LATEST = [
  '--ts',
  '--app',
  '--no-src-dir',
  '--no-tailwind',
  '--no-eslint',
  '--no-react-compiler',
  '--import-alias',
  '@/*',
  '--use-npm',
  '--skip-install',
  '--disable-git',
  '--no-agents-md',
  '--no-agent-feedback',
  '--empty',
  '--yes',
];
/**
 * create-next-app 14 has no --skip-install, --disable-git or --empty: it installs, runs git init in
 * the temp folder and writes its starter page (the host's files replace it).
 */
const CREATE_NEXT_APP_14 = [
  '--ts',
  '--app',
  '--no-src-dir',
  '--no-tailwind',
  '--no-eslint',
  '--import-alias',
  '@/*',
  '--use-npm',
];

/**
 * The two ends of what the README says a host may run.
 *
 * - newest: what a host gets today, `create-next-app@latest` and the README's line as npm resolves it.
 * - oldest: the lowest version of each range the packages declare or the README states. Next.js
 *   14.2 at its last patch (14.2.35: a host on 14.2 takes its security fixes) with React 18.2.0
 *   (react's peer `^18.2.0 || ^19.0.0`), sonner 2.0.0 (`^2.0.0`), postgres 3.4.9 (the server's
 *   peer `^3.4.9 || ^4.0.0`), supabase-js 2.100.0 (the server's peer `^2.100.0`) and @supabase/ssr
 *   0.7.0, the first whose types let init's getUserId.ts compile (0.4–0.6 leave
 *   `setAll`'s parameter an implicit any).
 */
export const HOST_ROWS: readonly HostRow[] = [
  { name: 'newest', createNextApp: { version: 'latest', args: CREATE_NEXT_APP_LATEST }, install: README_INSTALL },
  {
    name: 'oldest',
    createNextApp: { version: '14.2.35', args: CREATE_NEXT_APP_14 },
    install: [
      '@talk-track/react',
      '@talk-track/server',
      'sonner@2.0.0',
      'postgres@3.4.9',
      '@supabase/ssr@0.7.0',
      '@supabase/supabase-js@2.100.0',
      'react@18.2.0',
      'react-dom@18.2.0',
    ],
  },
];

/** The columns of the README's "Tested with" table: package name → its heading (then Node). */
export const VERSION_HEADINGS: Readonly<Record<string, string>> = {
  next: 'Next.js',
  react: 'React',
  typescript: 'TypeScript',
  postgres: 'postgres',
  '@supabase/supabase-js': 'supabase-js',
  '@supabase/ssr': '@supabase/ssr',
  sonner: 'sonner',
};

export type InstalledVersions = Record<string, string>;

/** What the app's node_modules actually hold (not what package.json asked for), and the Node that ran it. */
export async function readInstalledVersions(appDir: string): Promise<InstalledVersions> {
  const versions: InstalledVersions = {};
  for (const [name, heading] of Object.entries(VERSION_HEADINGS)) {
    try {
      versions[heading] = (
        JSON.parse(await readFile(join(appDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
      ).version;
    } catch {
      versions[heading] = '—';
    }
  }
  versions.Node = process.versions.node;
  return versions;
}

/** The "Tested with" table, in the README's Markdown. */
export function versionsTable(rows: ReadonlyArray<{ name: string; versions: InstalledVersions }>): string {
  const headings = [...Object.values(VERSION_HEADINGS), 'Node'];
  return [
    `| row | ${headings.join(' | ')} |`,
    `| --- | ${headings.map(() => '---').join(' | ')} |`,
    ...rows.map(({ name, versions }) => `| ${name} | ${headings.map((heading) => versions[heading]).join(' | ')} |`),
  ].join('\n');
}
