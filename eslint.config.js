// ESLint (flat config): typescript-eslint's recommended rules everywhere, the React hooks rules where
// React renders, globals by where the code runs. Formatting is Prettier's: eslint-config-prettier
// comes last so no rule here argues with it. `npm run lint` runs both.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.{ts,tsx,mts,cts}'];

export default defineConfig(
  // ESLint does not read .gitignore: the same build output and scratch folders, plus generated files.
  globalIgnores([
    '**/dist/',
    '**/.next/',
    '**/next-env.d.ts',
    '**/.tsbuild/',
    '**/storybook-static/',
    '**/test-artifacts/',
    'api-reports/',
    'bench/results/',
  ]),

  js.configs.recommended,
  { files: TS_FILES, extends: [tseslint.configs.recommended] },

  {
    files: TS_FILES,
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a signature to match, a field left out of a rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // Where the code runs. With TypeScript the compiler resolves names (typescript-eslint turns
  // `no-undef` off for TS files), so these matter for JavaScript files and for rules that read globals.
  { languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals['shared-node-browser'] } },
  {
    // Node: tooling, tests, benchmarks, build and test configs, the server package (Node and Deno).
    files: [
      '*.{js,ts}',
      'tooling/**',
      'tests/**',
      'bench/**',
      'supabase/tests/**',
      'packages/server/**',
      'packages/*/tsup*.ts',
      '.storybook/main.ts',
      'examples/next-app/**',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    // Browser: the React bindings, the core's client entry, stories, the test rig, the example app's pages.
    files: [
      'packages/react/**',
      'packages/core/src/client/**',
      'packages/testing/**',
      'stories/**',
      '.storybook/**',
      'examples/next-app/**',
      'tests/browser/**',
      'tests/host/app/**',
      'bench/**/*.tsx',
    ],
    languageOptions: { globals: globals.browser },
  },
  {
    // Deno: the edge function (its `npm:` imports are plain strings to the parser).
    files: ['supabase/functions/**'],
    languageOptions: { globals: globals.denoBuiltin },
  },

  // React: the hooks rules wherever components and hooks are written.
  {
    files: [
      '**/*.tsx',
      'packages/react/**/*.ts',
      'packages/testing/src/react/**',
      'stories/**/*.ts',
      'examples/next-app/**/*.ts',
    ],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    files: ['**/*.test.tsx'],
    rules: {
      // A test's probe component hands the hook's value out to the test by assigning an outer `let`.
      'react-hooks/globals': 'off',
    },
  },

  prettier,
);
