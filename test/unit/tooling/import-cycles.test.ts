import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, readSources } from './import-graph';

const ROOT = resolve(__dirname, '../../..');

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

  it('src/ has no import cycle between files', () => {
    expect(importCycles(importGraph(readSources(ROOT, 'src')))).toEqual([]);
  });
});
