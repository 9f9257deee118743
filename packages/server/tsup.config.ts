import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.ts';
import { cliBuild } from './tsup.cli.ts';

export default defineConfig([
  {
    ...packageBuild,
    // The root entry, and `./worker`: what the edge function imports, without the supabase-js adapter.
    entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
    // The CLI build runs alongside, into the same folder: cleaning spares its output.
    clean: ['!cli.js', '!templates/**'],
  },
  cliBuild('dist'),
]);
