import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import zh from '../../../../../src/shared/locales/zh-CN/errors.json';
import en from '../../../../../src/shared/locales/en-US/errors.json';

/**
 * A full, read-only, corrupt or busy database: every call answers the specific code and its
 * translated text, never the generic `internal`. The failure is injected at the store port
 * (every prepared statement of better-sqlite3 throws SQLite's own error), so it reaches
 * statements prepared long before as well as new ones.
 */
let dir: string;
let core: Core;
let restore: (() => void) | null = null;

type Method = 'get' | 'all' | 'run' | 'iterate';

function failEveryStatement(code: string): void {
  // Every connection's statements share one prototype: the core's own included.
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<Method, unknown>;
  probe.close();
  const saved = new Map<Method, unknown>();
  for (const m of ['get', 'all', 'run', 'iterate'] as const) {
    saved.set(m, proto[m]);
    proto[m] = () => {
      throw new Database.SqliteError(`injected ${code}`, code);
    };
  }
  restore = () => {
    for (const [m, fn] of saved) proto[m] = fn;
    restore = null;
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-storage-err-'));
  core = await createCore({ dataDir: dir, env: {} });
});

afterEach(async () => {
  restore?.();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const READS: [string, unknown][] = [
  ['job.get', { jobId: 1 }],
  ['job.list', {}],
  ['job.rows', { jobId: 1, offset: 0, limit: 10 }],
  ['history.list', {}],
  ['import.list', undefined],
  ['templates.list', undefined],
];

describe('storage failures reach the user as what they are', () => {
  it.each([
    ['SQLITE_FULL', 'disk_full', 'errors.diskFull'],
    ['SQLITE_IOERR_WRITE', null, null],
    ['SQLITE_READONLY', 'disk_read_only', 'errors.diskReadOnly'],
    ['SQLITE_READONLY_DBMOVED', 'disk_read_only', 'errors.diskReadOnly'],
    ['SQLITE_CORRUPT', 'database_corrupt', 'errors.databaseCorrupt'],
    ['SQLITE_NOTADB', 'database_corrupt', 'errors.databaseCorrupt'],
    ['SQLITE_BUSY', 'database_busy', 'errors.databaseBusy'],
  ])('%s', async (sqlite, code, messageKey) => {
    failEveryStatement(sqlite);
    for (const [name, input] of READS) {
      const res = await core.call(name, input);
      expect(res.ok, name).toBe(false);
      if (res.ok) continue;
      if (code === null)
        expect(res.error, name).toEqual({ code: 'internal', messageKey: 'errors.internal' });
      else expect(res.error, name).toEqual({ code, messageKey });
    }
    restore!();
    // Once the disk is fine again, the same calls answer normally.
    expect(await core.call('job.list', {})).toMatchObject({ ok: true });
  });

  it('says what to do in both languages, disk full first', () => {
    expect(zh.diskFull).toBe('磁盘已满：请释放空间后点“继续发送”。');
    for (const key of ['diskFull', 'diskReadOnly', 'databaseCorrupt', 'databaseBusy'] as const) {
      expect(en[key]).toBeTruthy();
      expect(zh[key]).not.toBe(en[key]);
    }
  });
});
