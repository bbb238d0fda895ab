import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { openCoreWithRecovery, type DamagedChoice } from '../../../src/main/startup';

const damaged = (problem: string) =>
  new AppError('database_damaged', 'errors.databaseDamaged', { problem });

function deps(failures: unknown[], choice: DamagedChoice, backup = true) {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      open: vi.fn(async () => {
        const f = failures.shift();
        if (f) throw f;
        return 'core';
      }),
      hasBackup: () => backup,
      askDamaged: vi.fn((problem: string, hasBackup: boolean) => {
        calls.push(`ask:${problem}:${hasBackup}`);
        return choice;
      }),
      restoreLatestBackup: () => {
        calls.push('restore');
        return backup;
      },
      setAsideDatabase: () => void calls.push('aside'),
      showFatal: (r: 'inUse' | 'failed') => void calls.push(`fatal:${r}`),
    },
  };
}

describe('opening the core at start', () => {
  it('restores the latest backup when the user asks, then opens', async () => {
    const { deps: d, calls } = deps([damaged('corrupt')], 'restore');
    await expect(openCoreWithRecovery(d)).resolves.toBe('core');
    expect(calls).toEqual(['ask:corrupt:true', 'restore']);
  });

  it('moves the damaged file aside for a fresh start', async () => {
    const { deps: d, calls } = deps([damaged('readonly')], 'fresh', false);
    await expect(openCoreWithRecovery(d)).resolves.toBe('core');
    expect(calls).toEqual(['ask:readonly:false', 'aside']);
  });

  it('quits without touching anything', async () => {
    const { deps: d, calls } = deps([damaged('corrupt')], 'quit');
    await expect(openCoreWithRecovery(d)).resolves.toBeNull();
    expect(calls).toEqual(['ask:corrupt:true']);
  });

  it('names a folder in use, and anything else generically', async () => {
    const inUse = deps([new AppError('data_folder_in_use', 'errors.dataFolderInUse')], 'quit');
    await expect(openCoreWithRecovery(inUse.deps)).resolves.toBeNull();
    expect(inUse.calls).toEqual(['fatal:inUse']);
    const other = deps([new Error('EACCES /secret/path')], 'quit');
    await expect(openCoreWithRecovery(other.deps)).resolves.toBeNull();
    expect(other.calls).toEqual(['fatal:failed']);
  });

  it('gives up after repeated failures instead of asking forever', async () => {
    const { deps: d, calls } = deps(
      [damaged('readonly'), damaged('readonly'), damaged('readonly')],
      'fresh',
    );
    await expect(openCoreWithRecovery(d)).resolves.toBeNull();
    expect(calls.at(-1)).toBe('fatal:failed');
  });
});
