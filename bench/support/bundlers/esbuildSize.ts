import { build } from 'esbuild';
import { HOST_PROVIDED, sizeOf, type BundleSize } from './bundleSize.ts';

/** `code` (e.g. `export * from 'swr'`) bundled by esbuild as a browser app's build would, resolved from `hostDir`. */
export async function esbuildSize(hostDir: string, code: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: code, resolveDir: hostDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    external: HOST_PROVIDED,
  });
  return sizeOf(result.outputFiles[0]!.contents);
}
