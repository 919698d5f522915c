// ESLint: JavaScript's and typescript-eslint's recommended rules (syntax only, no type information,
// so a run stays quick on two cores), with Prettier owning layout (eslint-config-prettier).
// typescript-eslint parses with TypeScript's JS API, which TypeScript 7 no longer has: package.json
// installs TS 6 as `typescript` (the API) and TS 7 as `@typescript/native` (the `tsc` we type-check with).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.output/', '.wxt/', 'reports/', 'data/', 'test/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `_name` marks a parameter or binding kept for its position (callbacks, destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Response bodies read as JSON and the page's globals inside evaluate() (the tests' tsconfig has no
    // DOM) are untyped where tests meet them; the assertions are what check their shape.
    files: ['test/integration/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Node scripts (bin/, configs) run outside TypeScript: give them Node's globals.
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  prettier,
  // After eslint-config-prettier, which turns max-len off: Prettier wraps code at 120 but not strings, template
  // literals or comments, so this rule holds those to the same width. Regular-expression literals and URLs stay whole.
  { rules: { 'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }] } },
);
