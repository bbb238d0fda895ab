import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, readSources } from './import-graph';

const ROOT = resolve(__dirname, '../../..');

/**
 * Cycles in core that issue 14's core half removes (the composition root imported back by the
 * rooms it builds, migrations importing their index, the emulator's server and actions, the
 * import sources). The list must match exactly: a fixed cycle fails this test until it is
 * crossed off, and a new one fails it at once.
 */
const KNOWN_CORE_CYCLES: string[][] = [
  ['src/main/core/emulator/actions.ts', 'src/main/core/emulator/server.ts'],
  [
    'src/main/core/imports/source-text.ts',
    'src/main/core/imports/source-xlsx.ts',
    'src/main/core/imports/source.ts',
  ],
  [
    'src/main/core/store/migrations/0001-settings.ts',
    'src/main/core/store/migrations/0100-account.ts',
    'src/main/core/store/migrations/0200-templates.ts',
    'src/main/core/store/migrations/0300-ledger.ts',
    'src/main/core/store/migrations/0400-outbox.ts',
    'src/main/core/store/migrations/0500-imports.ts',
    'src/main/core/store/migrations/0600-history.ts',
    'src/main/core/store/migrations/0700-send-journal.ts',
    'src/main/core/store/migrations/index.ts',
  ],
];

describe('import cycles', () => {
  it('finds a planted cycle, through index files, re-exports and type imports', () => {
    const planted = new Map([
      ['src/a.ts', "import { b } from './b';\nexport const a = b;\n"],
      ['src/b/index.ts', "export { c as b } from '../c';\n"],
      ['src/c.tsx', "import type { A } from './a';\nexport const c = 1 as unknown as A;\n"],
      ['src/d.ts', "import { a } from './a';\nimport x from 'react';\nexport const d = [a, x];\n"],
      ['src/self.ts', "import { self } from './self';\nexport { self };\n"],
    ]);
    expect(importCycles(importGraph(planted))).toEqual([
      ['src/a.ts', 'src/b/index.ts', 'src/c.tsx'],
      ['src/self.ts'],
    ]);
  });

  it('finds none in a tree that only imports downwards', () => {
    const tree = new Map([
      ['src/page.tsx', "import { useX } from './hooks/useX';\nexport const p = useX;\n"],
      ['src/hooks/useX.ts', "import { call } from '../lib/sms';\nexport const useX = call;\n"],
      ['src/lib/sms.ts', 'export const call = 1;\n'],
    ]);
    expect(importCycles(importGraph(tree))).toEqual([]);
  });

  it('src/ has no import cycle between files beyond the known core ones', () => {
    const cycles = importCycles(importGraph(readSources(ROOT, 'src')));
    // The renderer, shared code and the preload are free of cycles outright.
    expect(cycles.filter((c) => c.some((f) => !f.startsWith('src/main/')))).toEqual([]);
    expect(cycles).toEqual(KNOWN_CORE_CYCLES);
  });
});
