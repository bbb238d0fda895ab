import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';

/**
 * The renderer can name only files the user picked (grants) and can write only where the user
 * chose in the save dialog. Each forged path below was read or written by the core before.
 */
let dir: string;
let dataDir: string;
let core: Core;
let picked: string | null;
let asked: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-caps-'));
  dataDir = join(dir, 'data');
  asked = [];
  picked = null;
  core = await createCore({
    dataDir,
    env: {},
    pickSavePath: async (name) => {
      asked.push(name);
      return picked;
    },
  });
});

afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const list = (name = 'list.csv'): string => {
  const file = join(dir, name);
  writeFileSync(file, '手机号,姓名\r\n13800000000,张三\r\n123,李四\r\n');
  return file;
};

describe('reading: only a granted pick', () => {
  it('refuses a path in import.preview and import.open, even the database itself', async () => {
    const secret = join(dir, 'private.csv');
    writeFileSync(secret, '手机号\r\n13900000000\r\n');
    for (const name of ['import.preview', 'import.open']) {
      for (const path of [secret, join(dataDir, 'sms-desk.db'), '/etc/passwd']) {
        expect(await core.call(name, { path })).toMatchObject({
          ok: false,
          error: { code: 'invalid_input' },
        });
        // A grant plus a smuggled path is refused too, not silently stripped.
        const { grant } = core.grantFile(list());
        expect(await core.call(name, { grant, path })).toMatchObject({
          ok: false,
          error: { code: 'invalid_input' },
        });
      }
    }
    expect(core.handlers['import.list'](undefined)).toEqual([]);
  });

  it('refuses a forged or made-up grant id', async () => {
    for (const grant of ['forged', '00000000-0000-4000-8000-000000000000', join(dir, 'x.csv')]) {
      expect(await core.call('import.preview', { grant })).toMatchObject({
        ok: false,
        error: { code: 'file_grant_invalid', messageKey: 'errors.fileGrantInvalid' },
      });
    }
  });

  it('reads a granted pick, spends the grant on import, and refuses it afterwards', async () => {
    const g = core.grantFile(list());
    expect(g.fileName).toBe('list.csv');
    const preview = await core.call('import.preview', { grant: g.grant });
    expect(preview).toMatchObject({ ok: true, value: { fileName: 'list.csv' } });
    expect(await core.call('import.open', { grant: g.grant })).toMatchObject({ ok: true });
    expect(await core.call('import.preview', { grant: g.grant })).toMatchObject({
      ok: false,
      error: { code: 'file_grant_invalid' },
    });
  });

  it('refuses a granted file swapped for a symlink to a private file after the pick', async () => {
    const file = list();
    const secret = join(dir, 'private.csv');
    writeFileSync(secret, '手机号\r\n13900000000\r\n');
    const { grant } = core.grantFile(file);
    unlinkSync(file);
    symlinkSync(secret, file);
    expect(await core.call('import.preview', { grant })).toMatchObject({
      ok: false,
      error: { code: 'file_grant_invalid' },
    });
  });

  it('grants only regular files', () => {
    expect(() => core.grantFile(dir)).toThrow('file_not_readable');
    expect(() => core.grantFile(join(dir, 'missing.csv'))).toThrow('file_not_readable');
  });
});

describe('writing: only where the user chose to save', () => {
  const openImport = async (): Promise<number> => {
    const r = await core.call('import.open', { grant: core.grantFile(list()).grant });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return (r.value as { importId: number }).importId;
  };

  it('refuses a path in any export call and writes nothing there', async () => {
    const importId = await openImport();
    const target = join(dir, 'planted.sh');
    for (const [name, input] of [
      ['import.exportProblems', { importId, path: target }],
      ['batch.exportProblems', { importId, path: target }],
      ['batch.exportResults', { jobId: 1, path: target }],
      ['history.export', { path: target }],
    ] as const) {
      expect(await core.call(name, input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(existsSync(target)).toBe(false);
    expect(asked).toEqual([]);
  });

  it('asks the save dialog with a name from the import and writes only the chosen file', async () => {
    const importId = await openImport();
    const out = join(dir, 'chosen', '问题行.csv');
    mkdirSync(join(dir, 'chosen'));
    picked = out;
    const r = await core.call('batch.exportProblems', { importId });
    expect(r).toEqual({ ok: true, value: { path: out, rows: 1 } });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(new RegExp(`^problems-${importId}-\\d{8}-\\d{6}\\.csv$`));
    expect(readFileSync(out, 'utf8')).toContain('李四');
    // Written through a temporary file and a rename: nothing else is left in the folder.
    expect(readdirSync(join(dir, 'chosen'))).toEqual(['问题行.csv']);
  });

  it('answers path null and writes nothing when the dialog is cancelled', async () => {
    const importId = await openImport();
    picked = null;
    expect(await core.call('import.exportProblems', { importId })).toEqual({
      ok: true,
      value: { path: null, rows: 0 },
    });
    expect(await core.call('history.export', {})).toEqual({
      ok: true,
      value: { path: null, count: 0 },
    });
  });

  it('refuses to write into the data folder: the database stays intact', async () => {
    const importId = await openImport();
    const db = join(dataDir, 'sms-desk.db');
    const before = readFileSync(db);
    for (const target of [db, join(dataDir, 'logs', 'sms-desk.log'), join(dataDir, 'x.csv')]) {
      picked = target;
      expect(await core.call('import.exportProblems', { importId })).toMatchObject({
        ok: false,
        error: { code: 'export_target_refused', messageKey: 'errors.exportTargetRefused' },
      });
    }
    // Through a symlinked folder too.
    symlinkSync(dataDir, join(dir, 'innocent'));
    picked = join(dir, 'innocent', 'sms-desk.db');
    expect(await core.call('import.exportProblems', { importId })).toMatchObject({
      ok: false,
      error: { code: 'export_target_refused' },
    });
    expect(readFileSync(db).subarray(0, 16)).toEqual(before.subarray(0, 16));
    expect(existsSync(join(dataDir, 'x.csv'))).toBe(false);
    expect(await core.call('import.list', undefined)).toMatchObject({ ok: true });
  });

  it('replaces a planted symlink at the target instead of writing through it', async () => {
    const importId = await openImport();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const target = join(dir, 'export.csv');
    symlinkSync(victim, target);
    picked = target;
    expect(await core.call('import.exportProblems', { importId })).toMatchObject({ ok: true });
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readFileSync(target, 'utf8')).toContain('李四');
  });

  it('fails closed when no save dialog is wired', async () => {
    await core.close();
    core = await createCore({ dataDir, env: {} });
    expect(await core.call('history.export', {})).toMatchObject({
      ok: false,
      error: { code: 'export_unavailable' },
    });
  });
});
