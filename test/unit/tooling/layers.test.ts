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

  it('keeps main, core, shared and preload out of the renderer', async () => {
    const planted = (from: string) => `import zh from '${from}';\nexport const x = zh;\n`;
    expect(await ruleIds('src/main/probe.ts', planted('../renderer/src/pages/SendPage'))).toContain(
      'no-restricted-imports',
    );
    expect(
      await ruleIds('src/main/core/probe.ts', planted('../../renderer/src/lib/sms')),
    ).toContain('no-restricted-imports');
    expect(await ruleIds('src/shared/probe.ts', planted('../renderer/src/i18n'))).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src/preload/probe.ts', planted('../renderer/src/lib/sms'))).toContain(
      'no-restricted-imports',
    );
    // The shared catalogs are where all of them read texts from.
    const shared = planted('../shared/locales/zh-CN/app.json');
    expect(await ruleIds('src/main/probe.ts', shared)).not.toContain('no-restricted-imports');
    // The renderer itself may import renderer code.
    expect(await ruleIds('src/renderer/src/pages/probe.ts', planted('../lib/sms'))).not.toContain(
      'no-restricted-imports',
    );
  });

  it('keeps renderer components from importing pages', async () => {
    const code = "import { SendPage } from '../pages/SendPage';\nexport const x = SendPage;\n";
    expect(await ruleIds('src/renderer/src/components/Probe.tsx', code)).toContain(
      'no-restricted-imports',
    );
    const nested = "import { X } from '../../pages/batch/JobView';\nexport const y = X;\n";
    expect(await ruleIds('src/renderer/src/components/job/Probe.tsx', nested)).toContain(
      'no-restricted-imports',
    );
    // Components still may not reach Node either, and pages may import components.
    expect(
      await ruleIds(
        'src/renderer/src/components/Probe.tsx',
        "import * as f from 'fs';\nexport const z = f;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds(
        'src/renderer/src/pages/Probe.tsx',
        "import { PagedTable } from '../components/PagedTable';\nexport const p = PagedTable;\n",
      ),
    ).not.toContain('no-restricted-imports');
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
