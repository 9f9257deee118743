import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.ts';

export default defineConfig({
  ...packageBuild,
  // Two entries: the root (the shared model the server and the worker load) and `./client` (the
  // browser side). In the ESM build what both use (statuses, API constants) lands in a shared
  // chunk; esbuild does not split CJS, so there each entry carries its own copy of those few
  // constants and pure functions, harmless since they hold no state and define no classes.
  entry: { index: 'src/index.ts', client: 'src/client/index.ts' },
});
