import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  external: ['react', 'react-dom', 'sonner', '@talk-track/core'],
  // Bundling drops the per-file directives; every export here is client code, so the whole entry
  // is marked for React Server Components hosts (Next.js App Router).
  banner: { js: "'use client';" },
  async onSuccess() {
    await copyFile('src/styles.css', 'dist/styles.css');
  },
});
