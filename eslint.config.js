import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.sluice/', 'scratch/', '.prof/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    rules: {
      // formatting is not lint's business here; keep the rules that catch bugs
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/attributes-order': 'off',
      // the TypeScript compiler (vue-tsc) already knows every global; no-undef would not
      'no-undef': 'off',
    },
  },
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // shared/ runs in browser workers, the server and the CLI: no Node, DOM, Dexie or postgres
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'shared/ must not use Node APIs' },
          { group: ['fs', 'path', 'os', 'crypto', 'zlib', 'stream', 'buffer', 'util', 'child_process', 'net', 'http'], message: 'shared/ must not use Node APIs' },
          { group: ['dexie', 'postgres', '@electric-sql/*', 'vue', 'pinia', 'hono', 'hono/*'], message: 'shared/ is isomorphic: no storage, database or UI imports' },
          { group: ['../server/*', '../../server/*', '../web/*', '../../web/*'], message: 'shared/ must not import server or web code' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'indexedDB', 'Buffer', '__dirname', 'require'],
    },
  },
  {
    // the worker owns every IndexedDB write: the UI calls it through the bridge, and reads the grid's pages through staging/read.ts
    files: ['web/components/**', 'web/pages/**', 'web/stores/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/staging/db', '**/staging/db.ts', 'dexie'], message: 'the worker owns the staging database: write through the worker API (web/worker/api.ts); the grid reads through web/staging/read.ts' },
          { group: ['**/worker/*', '!**/worker/api.ts', '!**/worker/bridge.ts', '**/upload/*'], message: 'worker code runs in the worker: call it through web/worker/bridge.ts (the types are in web/worker/api.ts)' },
        ],
      }],
    },
  },
);
