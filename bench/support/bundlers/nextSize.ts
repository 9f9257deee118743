import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sizeOf, type BundleSize } from './bundleSize.ts';

const run = promisify(execFile);
/** The page every other is measured against: it imports only what the host has anyway. */
const BASELINE_ROUTE = 'host-only';

/** A client page that keeps every export of `modules` (a namespace import read at run time cannot be tree-shaken). */
function pageSource(modules: readonly string[]): string {
  const imports = modules.map((module, i) => `import * as m${i} from '${module}';`).join('\n');
  const keys = modules.map((_, i) => `...Object.keys(m${i})`).join(', ');
  return `'use client';\n${imports}\nexport default function Page() {\n  return <pre>{[${keys}].join(' ')}</pre>;\n}\n`;
}

async function pageScripts(hostDir: string, route: string): Promise<string[]> {
  const html = await readFile(join(hostDir, '.next/server/app', `${route}.html`), 'utf8');
  return [
    ...new Set([...html.matchAll(/(?:src|href)="\/_next(\/static\/chunks\/[^"]+\.js)"/g)].map((match) => match[1]!)),
  ];
}

/**
 * What each library adds to a page in a Next.js production build (`next build`, its default
 * bundler): one App Router client page per library, statically prerendered, and the JavaScript
 * that page loads beyond what every page loads, less the same for a page importing only what the
 * host has anyway (sonner; react and react-dom are in every page's framework chunks).
 */
export async function nextSizes(
  hostDir: string,
  libraries: Record<string, string>,
): Promise<Record<string, BundleSize>> {
  const routes = Object.keys(libraries).map((name, i) => ({
    name,
    route: `library-${i}`,
    modules: [libraries[name]!, 'sonner'],
  }));
  const pages = [...routes, { name: BASELINE_ROUTE, route: BASELINE_ROUTE, modules: ['sonner'] }];
  await rm(join(hostDir, 'app'), { recursive: true, force: true });
  await mkdir(join(hostDir, 'app'), { recursive: true });
  await writeFile(
    join(hostDir, 'app/layout.jsx'),
    'export default function Layout({ children }) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n',
  );
  for (const { route, modules } of pages) {
    await mkdir(join(hostDir, 'app', route), { recursive: true });
    await writeFile(join(hostDir, 'app', route, 'page.jsx'), pageSource(modules));
  }
  await run(process.execPath, [join(hostDir, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: hostDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const scripts = new Map(
    await Promise.all(pages.map(async ({ route }) => [route, await pageScripts(hostDir, route)] as const)),
  );
  const everyPage = [...scripts.values()].reduce((common, list) => common.filter((script) => list.includes(script)));
  const ownCode = async (route: string) => {
    const own = scripts.get(route)!.filter((script) => !everyPage.includes(script));
    return sizeOf(
      (await Promise.all(own.map((script) => readFile(join(hostDir, '.next', script), 'utf8')))).join('\n'),
    );
  };
  const baseline = await ownCode(BASELINE_ROUTE);
  const sizes: Record<string, BundleSize> = {};
  for (const { name, route } of routes) {
    const own = await ownCode(route);
    sizes[name] = {
      minifiedBytes: own.minifiedBytes - baseline.minifiedBytes,
      gzippedBytes: own.gzippedBytes - baseline.gzippedBytes,
    };
  }
  return sizes;
}
