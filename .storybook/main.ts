import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';

const source = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.tsx'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  // Stories run against the packages' source, like the tests: no build step before Storybook.
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    build: {
      ...viteConfig.build,
      rolldownOptions: {
        ...viteConfig.build?.rolldownOptions,
        // The components' 'use client' directives are for React Server Components hosts; a
        // Storybook bundle has no server side, so the "directive not preserved" notice is noise.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
    resolve: {
      ...viteConfig.resolve,
      alias: [
        ...(Array.isArray(viteConfig.resolve?.alias)
          ? viteConfig.resolve.alias
          : Object.entries(viteConfig.resolve?.alias ?? {}).map(([find, replacement]) => ({
              find,
              replacement: replacement as string,
            }))),
        { find: /^@talk-track\/core$/, replacement: source('core/src/index.ts') },
        { find: /^@talk-track\/core\/client$/, replacement: source('core/src/client/index.ts') },
        { find: /^@talk-track\/react$/, replacement: source('react/src/index.ts') },
        { find: /^@talk-track\/react\/locales\/de$/, replacement: source('react/src/locales/de.ts') },
        { find: /^@talk-track\/testing$/, replacement: source('testing/src/index.ts') },
      ],
    },
  }),
};

export default config;
