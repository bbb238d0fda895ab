import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { WalDurability } from '../../../../../src/main/core/store/durability';

const FULL = 2;
const NORMAL = 1;

let dir: string | undefined;
let db: Db | undefined;
let durability: WalDurability | undefined;

afterEach(() => {
  durability?.close();
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = db = durability = undefined;
});

function open(): { db: Db; d: WalDurability; file: string } {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-durability-'));
  const file = join(dir, 'sms-desk.db');
  db = openDatabase(file);
  db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
  durability = new WalDurability(db);
  return { db, d: durability, file };
}

const level = (d: Db): number => Number(d.pragma('synchronous', { simple: true }));

describe('WalDurability', () => {
  it('commits without waiting for the disk, then the connection is back at FULL', () => {
    const { db, d, file } = open();
    expect(level(db)).toBe(FULL);
    const inside = d.commitRelaxed(() => {
      db.prepare('INSERT INTO t (n) VALUES (1)').run();
      return level(db);
    });
    expect(inside).toBe(NORMAL);
    expect(level(db)).toBe(FULL);
    // Committed: another connection (as after a crash of this one) sees it.
    const other = new Database(file, { readonly: true });
    expect(other.prepare('SELECT n FROM t').all()).toEqual([{ n: 1 }]);
    other.close();
  });

  it('rolls back and still restores FULL when the work throws', () => {
    const { db, d } = open();
    expect(() =>
      d.commitRelaxed(() => {
        db.prepare('INSERT INTO t (n) VALUES (1)').run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.prepare('SELECT COUNT(*) AS c FROM t').get()).toEqual({ c: 0 });
    expect(level(db)).toBe(FULL);
  });

  it('inside a caller’s transaction just joins it (SQLite cannot change the level there)', () => {
    const { db, d } = open();
    db.transaction(() => {
      d.commitRelaxed(() => db.prepare('INSERT INTO t (n) VALUES (2)').run());
      expect(level(db)).toBe(FULL);
    })();
    expect(db.prepare('SELECT n FROM t').all()).toEqual([{ n: 2 }]);
  });

  it('starts a sync per caller, two at once; further callers share the next one, started after', async () => {
    const { db, d } = open();
    d.commitRelaxed(() => db.prepare('INSERT INTO t (n) VALUES (1)').run());
    const first = d.sync();
    // Committed after the first sync began: only a later sync may cover it.
    d.commitRelaxed(() => db.prepare('INSERT INTO t (n) VALUES (2)').run());
    const second = d.sync();
    expect(second).not.toBe(first);
    expect(d.syncs).toBe(2);
    d.commitRelaxed(() => db.prepare('INSERT INTO t (n) VALUES (3)').run());
    const waiting = Array.from({ length: 10 }, () => d.sync());
    expect(new Set(waiting).size).toBe(1);
    // Not started yet: it starts when one of the two running ends, after every commit above.
    expect(d.syncs).toBe(2);
    await Promise.all([first, second, ...waiting]);
    expect(d.syncs).toBe(3);
    // Nothing running: the next call starts its own.
    await d.sync();
    expect(d.syncs).toBe(4);
  });

  it('refuses to vouch for anything once closed', async () => {
    const { d } = open();
    await d.sync();
    d.close();
    await expect(d.sync()).rejects.toThrow('database closed');
  });

  it('has nothing to sync for a database in memory', async () => {
    db = new Database(':memory:');
    durability = new WalDurability(db);
    db.exec('CREATE TABLE t (n INTEGER NOT NULL)');
    durability.commitRelaxed(() => db!.prepare('INSERT INTO t (n) VALUES (1)').run());
    await durability.sync();
    expect(durability.syncs).toBe(0);
  });
});
