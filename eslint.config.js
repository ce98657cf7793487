import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Module borders (docs/decisions/0019-module-borders.md): a module is used by others only through
 * its index.ts; platform, shared by all, uses no module; production code never reaches the test
 * helpers in testing/. The direction between modules is kept by src/module-borders.test.ts.
 */
const THROUGH_INDEX =
  'Use another module through its index.ts, or shared.ts and schemas.ts for its I/O-free rules and shapes (decision 0019); what it does not export there is its own.';
// Any folder under src/ but platform is a module: `up` is how the import leaves the file's own folder.
const borders = (up) => ({ regex: `^${up}(?!platform/)[a-z-]+/(?!(index|shared|schemas)\\.ts$)`, message: THROUGH_INDEX });
const noTestHelpers = { regex: '(^|/)testing/', message: 'Test helpers are for tests: production code does not import testing/.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const TESTS = ['src/**/*.test.ts'];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'data', 'web/dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly' } },
  },
  // The app's composition (src/*.ts) and the modules, command line included.
  { files: ['src/*.ts'], ignores: TESTS, rules: restrict(borders('\\./'), noTestHelpers) },
  { files: ['src/*/**/*.ts'], ignores: [...TESTS, 'src/platform/**'], rules: restrict(borders('\\.\\./'), noTestHelpers) },
  { files: ['src/*/**/*.test.ts'], ignores: ['src/platform/**'], rules: restrict(borders('\\.\\./')) },
  { files: ['src/*.test.ts'], rules: restrict(borders('\\./')) },
  {
    files: ['src/platform/**/*.ts'],
    ignores: TESTS,
    rules: restrict({ regex: '^(\\.\\./)+(?!platform/)[a-z-]+/', message: 'platform is shared by every module and uses none of them.' }, noTestHelpers),
  },
);
