import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.ts';

export default defineConfig({
  ...packageBuild,
  external: ['react', 'react-dom', 'sonner', '@talk-track/core'],
  // Bundling drops the per-file directives; every export here is client code, so the whole entry
  // is marked for React Server Components hosts (Next.js App Router).
  banner: { js: "'use client';" },
  async onSuccess() {
    await copyFile('src/styles.css', 'dist/styles.css');
  },
});
