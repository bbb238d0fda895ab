import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../../src/main/core';
import { openDatabase } from '../../../../../src/main/core/store/db';
import { migrations } from '../../../../../src/main/core/store/migrations';
import {
  BACKUPS_KEPT,
  backupDatabase,
  listBackups,
} from '../../../../../src/main/core/store/backup';
import {
  DB_FILE,
  restoreLatestBackup,
  setAsideDatabase,
} from '../../../../../src/main/core/store/recovery';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-recovery-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const T = Date.UTC(2026, 11, 3, 12, 0, 0);

/** A database with one setting the tests can look for after a restore. */
function seed(marker: string): void {
  const db = openDatabase(join(dir, DB_FILE));
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run('marker', marker);
  db.close();
}

function markerOf(): string | undefined {
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  try {
    return (
      db.prepare('SELECT value FROM settings WHERE key = ?').get('marker') as
        { value: string } | undefined
    )?.value;
  } finally {
    db.close();
  }
}

/** Overwrites the middle of the file: the header still opens, the pages do not check out. */
function corruptPages(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(Math.min(8192, size - 4096), 0xa5), 0, undefined, 4096);
  closeSync(fd);
}

describe('a damaged database at start', () => {
  it('reports a file that is not a database as corrupt, and moving it aside never deletes it', async () => {
    writeFileSync(join(dir, DB_FILE), 'this is not a database, it is a customer list'.repeat(200));
    await expect(createCore({ dataDir: dir, env: {} })).rejects.toMatchObject({
      code: 'database_damaged',
      messageKey: 'errors.databaseDamaged',
      details: { problem: 'corrupt' },
    });
    const aside = setAsideDatabase(dir, T);
    expect(readdirSync(aside)).toContain(DB_FILE);
    const core = await createCore({ dataDir: dir, env: {} });
    expect(await core.call('job.list', {})).toMatchObject({ ok: true, value: { total: 0 } });
    await core.close();
  });

  it('reports pages that fail quick_check, and restores the latest automatic backup', async () => {
    seed('before');
    const core = await createCore({ dataDir: dir, env: {} });
    await core.close();
    // The start took the day's backup of the good database.
    expect(listBackups(dir)).toHaveLength(1);
    // Later data, then the file is damaged.
    const db = openDatabase(join(dir, DB_FILE));
    db.exec('CREATE TABLE filler (x TEXT)');
    const put = db.prepare('INSERT INTO filler (x) VALUES (?)');
    for (let i = 0; i < 2000; i++) put.run('x'.repeat(100));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    corruptPages(join(dir, DB_FILE));

    await expect(createCore({ dataDir: dir, env: {} })).rejects.toMatchObject({
      code: 'database_damaged',
      details: { problem: 'corrupt' },
    });
    expect(restoreLatestBackup(dir, T)).toBe(true);
    expect(markerOf()).toBe('before');
    const restored = await createCore({ dataDir: dir, env: {} });
    expect(await restored.call('job.list', {})).toMatchObject({ ok: true });
    await restored.close();
    // The damaged file is kept beside, for whoever wants to dig in it.
    const aside = readdirSync(dir).filter((n) => n.startsWith('damaged-'));
    expect(aside).toHaveLength(1);
    expect(existsSync(join(dir, aside[0]!, DB_FILE))).toBe(true);
  });

  it('has nothing to restore without a backup', () => {
    writeFileSync(join(dir, DB_FILE), 'garbage');
    expect(restoreLatestBackup(dir, T)).toBe(false);
    expect(existsSync(join(dir, DB_FILE))).toBe(true);
  });
});

describe('automatic backups', () => {
  it('copies an existing database before a migration changes it', async () => {
    const db = openDatabase(join(dir, DB_FILE), migrations.slice(0, 3));
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('marker', 'old schema');
    db.close();
    const core = await createCore({ dataDir: dir, env: {} });
    await core.close();
    const before = listBackups(dir).filter((f) => f.endsWith('-migration.db'));
    expect(before).toHaveLength(1);
    const copy = new Database(before[0]!, { readonly: true });
    const ids = copy.prepare('SELECT id FROM schema_migrations').all();
    expect(ids).toHaveLength(3);
    copy.close();
  });

  it('a backup that fails (no room for its folder) is logged and the core keeps working', async () => {
    writeFileSync(join(dir, 'backups'), 'a file where the folder should be');
    const core = await createCore({ dataDir: dir, env: {} });
    expect(await core.call('job.list', {})).toMatchObject({ ok: true });
    await core.close();
    const log = readFileSync(join(dir, 'logs', 'sms-desk.log'), 'utf8');
    expect(log).toContain('background task failed: daily backup');
    expect(log).not.toMatch(/\n\s+at /);
  });

  it('keeps the newest seven', async () => {
    seed('x');
    mkdirSync(join(dir, 'backups'));
    for (let d = 1; d <= 9; d++)
      writeFileSync(
        join(dir, 'backups', `sms-desk-202611${String(d).padStart(2, '0')}-000000.db`),
        '',
      );
    const db = openDatabase(join(dir, DB_FILE));
    const made = await backupDatabase(db, dir, T);
    db.close();
    const kept = listBackups(dir);
    expect(kept).toHaveLength(BACKUPS_KEPT);
    expect(kept[0]).toBe(made);
    expect(kept.at(-1)).toMatch(/sms-desk-20261104-000000\.db$/);
  });
});
