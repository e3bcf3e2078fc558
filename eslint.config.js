import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/sw.js', '.gpu/', '.gl/', 'benchmarks/', 'bench-out/', 'experiment-out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Core is plain TypeScript: no DOM, no React, no storage, no UI. It runs in Node, the worker and scripts.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'indexedDB', 'navigator'],
      'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'idb-keyval', 'zustand', '**/ui/**', '**/browser/**', '**/worker/**'] }],
    },
  },
  {
    // The worker floor: the worker and its page-side transport speak the protocol and call core, nothing above.
    files: ['src/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'zustand', '**/ui/**', '../ui', '../ui/*'] }] },
  },
  {
    // Browser edges (storage, decoding, files) serve the page and core's types; they know nothing of the UI or the worker.
    files: ['src/browser/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', 'zustand', '**/ui/**', '**/worker/**'] }] },
  },
);
