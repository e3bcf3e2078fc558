import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/sw.js', '.gpu/', '.gl/', 'benchmarks/'] },
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
    files: ['src/worker/**/*.ts'],
    ignores: ['src/worker/trainingClient.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['react', 'react-dom', '**/ui/**'] }] },
  },
);
