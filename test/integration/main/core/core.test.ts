import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../src/main/core';
import { openDatabase, runMigrations } from '../../../../src/main/core/store/db';
import { migrations } from '../../../../src/main/core/store/migrations';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sms-desk-core-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('core on a real data directory', () => {
  it('opens SQLite in WAL with synchronous=FULL and foreign keys on', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('applies migrations once and records them', () => {
    const file = join(tempDir(), 'b.db');
    openDatabase(file).close();
    const db = new Database(file);
    const ids = db
      .prepare('SELECT id FROM schema_migrations ORDER BY id')
      .all()
      .map((r) => (r as { id: string }).id);
    expect(ids).toEqual(migrations.map((m) => m.id).sort());
    expect(runMigrations(db, migrations)).toEqual([]);
    db.close();
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(join(tempDir(), 'c.db'));
    const bad = [
      {
        id: '9999-bad',
        up: (d: Database.Database) => {
          d.exec('CREATE TABLE half (x INTEGER)');
          throw new Error('fails halfway');
        },
      },
    ];
    expect(() => runMigrations(db, bad)).toThrow('fails halfway');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('answers app.info with the data directory and keeps data across a restart', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, version: '9.9.9' });
    const info = await core.call('app.info', undefined);
    expect(info).toMatchObject({ ok: true, value: { version: '9.9.9', dataDir } });
    core.context.settings.set('probe', { n: 1 });
    await core.close();
    const again = await createCore({ dataDir });
    expect(again.context.settings.get('probe')).toEqual({ n: 1 });
    await again.close();
  });
});
