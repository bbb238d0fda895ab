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
  // Layer: pure shared code and the renderer import no Node built-ins and no electron.
  {
    files: ['src/shared/**/*.{ts,tsx}', 'src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: noNodePatterns }],
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
    files: ['src/main/core/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
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
