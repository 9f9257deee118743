import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.ts';

export default defineConfig({
  ...packageBuild,
  // The German catalogue and the system notifications are entries of their own: a host that
  // uses neither ships none of them.
  entry: { index: 'src/index.ts', 'locales/de': 'src/locales/de.ts', 'notify-when-hidden': 'src/notifyWhenHidden.ts' },
  external: ['react', 'react-dom', 'sonner', '@talk-track/core'],
  // Bundling drops the per-file directives; every export here is client code, so the whole entry
  // is marked for React Server Components hosts (Next.js App Router). tsup's rollup tree-shaking
  // pass would drop this banner too (it strips module-level directives), and esbuild's own
  // bundling already leaves out what is unused, so that pass stays off here.
  // tests/packages/packedArtifacts.test.ts keeps the directive on the first line of every build.
  banner: { js: "'use client';" },
  treeshake: false,
  async onSuccess() {
    await copyFile('src/styles.css', 'dist/styles.css');
  },
});
