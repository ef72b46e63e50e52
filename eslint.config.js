// Lint with import-boundary rules: a folder states its runtime, and lint enforces what may
// import what (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'util', 'events'];

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'lake/**', 'tmp/**', 'test-artifacts/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      { group: nodeBuiltins, message: 'The renderer runs in a sandbox: no Node built-ins.' },
      { group: ['electron', 'electron/*'], message: 'The renderer talks only to the WorkstationApi.' },
      { group: ['**/main/**', '**/pipelines/**', '**/workers/**'], message: 'The renderer imports only the api/ contract.' },
    ]),
  },
  {
    files: ['api/**/*.ts'],
    rules: restrict([
      { group: nodeBuiltins, message: 'The API contract is shared with the renderer: no Node built-ins.' },
      { group: ['electron', 'electron/*', '**/main/**', '**/workers/**'], message: 'The API contract depends on nothing but zod.' },
    ]),
  },
  {
    files: ['pipelines/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'pipelines/ is runtime-agnostic: no electron.' },
      { group: ['**/main/**', '**/renderer/**'], message: 'pipelines/ must not depend on the engine or the UI.' },
    ]),
  },
  {
    files: ['main/**/*.ts', 'workers/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    ignores: ['main/shell/**'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'Only main/shell/ may import electron; the engine runs without it.' },
      { group: ['**/renderer/**'], message: 'The engine does not import the UI.' },
    ]),
  },
);
