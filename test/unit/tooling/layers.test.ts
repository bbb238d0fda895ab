import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint enforces the layers', () => {
  it('forbids electron in core, shared and renderer', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await ruleIds('src/main/core/probe.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('src/shared/probe.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('src/renderer/src/probe.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('src/main/probe.ts', code)).not.toContain('no-restricted-imports');
  });

  it('forbids Node built-ins in shared and renderer but not in core', async () => {
    for (const mod of ['node:fs', 'fs', 'path', 'child_process', 'fs/promises']) {
      const code = `import * as m from '${mod}';\nexport const x = m;\n`;
      expect(await ruleIds('src/shared/probe.ts', code)).toContain('no-restricted-imports');
      expect(await ruleIds('src/renderer/src/probe.tsx', code)).toContain('no-restricted-imports');
      expect(await ruleIds('src/main/core/probe.ts', code)).not.toContain('no-restricted-imports');
    }
  });

  it('keeps ipcMain / ipcRenderer inside the single IPC module on each side', async () => {
    const main = "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n";
    const pre = "import { ipcRenderer } from 'electron';\nvoid ipcRenderer.invoke('x');\n";
    expect(await ruleIds('src/main/other.ts', main)).toContain('no-restricted-syntax');
    expect(await ruleIds('src/preload/other.ts', pre)).toContain('no-restricted-syntax');
    expect(await ruleIds('src/main/ipc.ts', main)).not.toContain('no-restricted-syntax');
    expect(await ruleIds('src/preload/index.ts', pre)).not.toContain('no-restricted-syntax');
  });

  it('lets tests use only type imports of electron', async () => {
    expect(
      await ruleIds(
        'test/unit/probe.test.ts',
        "import { app } from 'electron';\nexport const x = app;\n",
      ),
    ).toContain('@typescript-eslint/no-restricted-imports');
    expect(
      await ruleIds(
        'test/unit/probe.test.ts',
        "import type { App } from 'electron';\nexport type X = App;\n",
      ),
    ).toEqual([]);
  });
});
