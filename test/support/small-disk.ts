/**
 * A disk that can fill up, for disk-full tests (issue 20, finding 4). Where the tests run as
 * root and may mount, a real size-limited tmpfs: SQLite's own writes (database, WAL) then
 * fail with SQLITE_FULL exactly as on a full disk. Elsewhere, SQLite's `max_page_count` on the
 * test's connection with the free pages taken: the database file cannot grow (the WAL still
 * can, so fewer writes fail), which is the closest portable stand-in.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/main/core/store/db';

export interface SmallDisk {
  /** Where to put the data folder. */
  parent: string;
  /** True when a real filesystem fills up (not the page-count stand-in). */
  real: boolean;
  /** Takes every free byte; `db` is used by the stand-in. Returns "free the space again". */
  fill(db: Db): () => void;
  dispose(): void;
}

export function smallDisk(sizeMb = 24): SmallDisk {
  const mountPoint = mkdtempSync(join(tmpdir(), 'sms-desk-small-disk-'));
  let real = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', mountPoint], {
      stdio: 'ignore',
    });
    real = true;
  } catch {
    real = false;
  }
  const parent = join(mountPoint, 'data');
  mkdirSync(parent);
  return {
    parent,
    real,
    fill(db) {
      if (real) return fillFilesystem(mountPoint);
      return fillPages(db);
    },
    dispose() {
      if (real) execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}

function fillFilesystem(mountPoint: string): () => void {
  const file = join(mountPoint, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return () => rmSync(file, { force: true });
}

function fillPages(db: Db): () => void {
  db.exec('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 1}`);
  const add = db.prepare('INSERT INTO filler VALUES (zeroblob(2048))');
  for (;;) {
    try {
      add.run();
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_FULL') throw e;
      break;
    }
  }
  return () => {
    db.exec('DROP TABLE filler');
    db.pragma('max_page_count = 1073741823');
  };
}
