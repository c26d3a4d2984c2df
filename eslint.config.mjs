// Lint: correctness rules only (no formatting, no style). TypeScript is linted with type
// information from test/tsconfig.json, the one program that includes src, adapters, scripts,
// bench and test. `npm run lint`; part of `npm test`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // test/fixtures/boundaries and test/fixtures/lint break the rules on purpose (test/unit/boundaries.test.ts lints them).
  { ignores: ['dist/', 'coverage/', 'test-artifacts/', 'data/', 'prisma/', 'test/fixtures/boundaries/', 'test/fixtures/lint/'] },
  // A disable comment that suppresses nothing is an error: each one must name a rule that fires.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.ts'],
    // typescript-eslint's "recommended" sets are its correctness rules ("strict" and "stylistic" are not used).
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: './test/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Promises: none left floating, none passed where a callback's result is ignored.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_name` marks a value kept on purpose (a parameter an interface requires); `{ a, ...rest }` drops `a`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Off, being style rather than correctness: an async method that awaits nothing still keeps
      // its interface's Promise contract; an assertion TypeScript finds redundant changes nothing.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'no-regex-spaces': 'off',
      // botbuilder types Activity.type as a string and ActivityTypes as a string enum: comparing the
      // two is the SDK's own idiom, and both are the same strings.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Its findings were all `unknown` values narrowed to `{}` (flow answers, parsed JSON, thrown
      // values) whose String() is the conversion meant; it cannot tell them from a real object.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // One reader of the environment: src/config.ts (through applyEnvFile, which honours .env, and
    // loadConfig); scripts' entry points (scripts/*.ts) call the same applyEnvFile first. Every other
    // file of the program receives typed options. (Tests and the benchmark harness set up processes
    // and are not checked.) test/fixtures/boundaries breaks it on purpose: test/unit/boundaries.test.ts.
    files: ['src/**/*.ts', 'adapters/**/*.ts', 'scripts/**/*.ts', 'test/fixtures/boundaries/**/*.ts'],
    ignores: ['src/config.ts', 'scripts/*.ts', 'test/fixtures/boundaries/src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only src/config.ts and the entry points in scripts/ read the environment; take a typed option instead.' }],
    },
  },
  {
    // Tests and their fakes read and build platform JSON (Slack payloads, Bot Framework activities,
    // Adaptive Cards, manifests) whose shape is the thing under test, through `any`-typed records:
    // a wrong field fails the assertion that reads it. The unsafe-any rules would ask for a type of
    // every fixture; they guard the code that ships, not the checks. Promise rules stay on.
    files: ['test/**/*.ts'],
    ignores: ['test/fixtures/lint/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  {
    // Scripts the browser runs (the web chat and the dashboard pages).
    files: ['adapters/local/web/**/*.js', 'src/http/dashboard/web/**/*.js'],
    languageOptions: { globals: { ...globals.browser, echarts: 'readonly' }, sourceType: 'script' },
  },
);
