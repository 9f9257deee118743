import type { Options } from 'tsup';

/** What every package publishes: ESM + CJS with declarations for both, from `src/index.ts`. */
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  treeshake: true,
  // The root config, not the package's own tsconfig.json: those are composite projects for
  // `tsc -b` (boundaries), and the declaration build cannot run inside one.
  tsconfig: '../../tsconfig.json',
};
