import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'e2e/screenshots/**', 'playwright-report/**', 'test-results/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // The engine and the worker stay free of Electron and of the main process.
    files: ['src-worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', '**/src-main/**', '../../src-main/*'] }],
    },
  },
  {
    // The renderer talks to window.kpat only; it may import types, never runtime code, from main.
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', 'node:*'], message: 'renderer runs sandboxed' }] }],
    },
  },
);
