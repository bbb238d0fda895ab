import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const noNodePatterns = [
  { group: ['node:*'], message: 'This layer runs without Node: no Node built-ins.' },
  ...nodeBuiltins.map((m) => ({
    group: [m, `${m}/*`],
    message: 'This layer runs without Node: no Node built-ins.',
  })),
];
const noElectron = {
  name: 'electron',
  message: 'Only the Electron shell (src/main outside core) and src/preload may import electron.',
};
const noRenderer = {
  group: ['**/renderer', '**/renderer/**'],
  message:
    'Only the renderer imports renderer code; texts shared with it live in src/shared/locales.',
};
const noPages = {
  group: ['**/pages', '**/pages/**'],
  message: 'Components never import pages: move what both need into components/, hooks/ or lib/.',
};
const rawIpc = {
  selector: 'Identifier[name=/^ipc(Main|Renderer)$/]',
  message: 'Only src/main/ipc.ts and src/preload/index.ts touch ipcMain / ipcRenderer.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'dist/**',
      'bench/.data/**',
      'test/.fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Layer: pure shared code and the renderer import no Node built-ins and no electron; shared code
  // (like main and core below) never reaches into the renderer.
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [...noNodePatterns, noRenderer] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: noNodePatterns }],
    },
  },
  // Components are what pages share: a component that imports a page turns the tree upside down.
  {
    files: ['src/renderer/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [...noNodePatterns, noPages] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/support/harness/twin.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // Layer: core is plain Node and never imports electron.
  {
    files: ['bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noRenderer] }] },
  },
  // Layer: the shell and the preload never import renderer code either.
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['src/main/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer] }] },
  },
  // Tests load code unmocked: only the electron fake may stand in for electron.
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              ...noElectron,
              message:
                'Tests must not load electron; use test/support/electron-fake (type imports are fine).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  // Raw IPC objects only in the single IPC module on each side.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-syntax': ['error', rawIpc] },
  },
);
