/**
 * The last step of `npm run check:packages`: `npm publish --dry-run` of each published workspace,
 * as `changeset publish` would publish it, without leaving the machine. Fails when npm would
 * correct the package.json on publish (what it prints as "auto-corrected some errors": the
 * published manifest would differ from the checked-in one) or a tarball lacks its LICENSE or
 * README.md.
 *
 * The flags: `--offline` keeps npm off the network. `--force` skips the one registry read a dry
 * run makes, the lookup that refuses a version already published: this check must pass on a
 * version that is out (the branch between two releases), and `changeset publish` skips published
 * versions itself. Nothing else in a dry run needs the registry or a login (npm only warns that a
 * real publish would need one).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PUBLISHED_WORKSPACES } from './packPublished.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Files every published tarball carries besides its build. */
const REQUIRED_FILES = ['package.json', 'LICENSE', 'README.md'];

interface DryRunPackage {
  id: string;
  size: number;
  files: { path: string }[];
}

export interface DryRunResult {
  packages: Record<string, DryRunPackage>;
  problems: string[];
}

export async function publishDryRun(): Promise<DryRunResult> {
  const workspaces = PUBLISHED_WORKSPACES.flatMap((workspace) => ['--workspace', workspace]);
  const { stdout, stderr } = await run(
    'npm',
    ['publish', '--dry-run', '--offline', '--force', '--json', ...workspaces],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  const packages = JSON.parse(stdout) as Record<string, DryRunPackage>;
  const problems: string[] = [];
  if (/auto-corrected|errors corrected/.test(stderr)) {
    problems.push(
      `npm would correct a package.json on publish (run \`npm pkg fix\` in the workspace named):\n${stderr
        .split('\n')
        .filter((line) => line.startsWith('npm warn publish') && !line.includes('logged in'))
        .join('\n')}`,
    );
  }
  if (Object.keys(packages).length !== PUBLISHED_WORKSPACES.length)
    problems.push(
      `expected ${PUBLISHED_WORKSPACES.length} packages, npm published ${Object.keys(packages).join(', ')}`,
    );
  for (const [name, { files }] of Object.entries(packages)) {
    const missing = REQUIRED_FILES.filter((file) => !files.some(({ path }) => path === file));
    if (missing.length) problems.push(`${name} would publish without ${missing.join(', ')}`);
  }
  return { packages, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { packages, problems } = await publishDryRun();
  for (const { id, size, files } of Object.values(packages))
    console.log(`npm publish --dry-run: ${id}, ${files.length} files, ${(size / 1024).toFixed(1)} kB packed`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
}
