import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { listBackups } from './backup';
import { openConnection, type Db } from './db';

export const DB_FILE = 'sms-desk.db';
const SIDE_FILES = ['', '-wal', '-shm'];

export type DatabaseProblem = 'corrupt' | 'readonly';

const damaged = (problem: DatabaseProblem) =>
  new AppError('database_damaged', 'errors.databaseDamaged', { problem });

const problemOf = (e: unknown): DatabaseProblem | null => {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return 'readonly';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'readonly';
  return null;
};

/**
 * Opens the database and proves it usable before anything reads it: it passes
 * `PRAGMA quick_check` and takes a write lock. A damaged or read-only file is reported as
 * `database_damaged` with the problem, so the shell can offer the backup, a fresh start or quit.
 */
export function openCheckedDatabase(dataDir: string): Db {
  let db: Db;
  try {
    db = openConnection(join(dataDir, DB_FILE));
  } catch (e) {
    const problem = problemOf(e);
    throw problem ? damaged(problem) : e;
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw damaged('corrupt');
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    const problem = problemOf(e);
    throw problem ? damaged(problem) : e;
  }
  return db;
}

const stamp = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/**
 * Moves the database (and its WAL) aside into `damaged-<time>/` — never deletes it: what is in
 * there may still be recovered by hand. Answers the folder it went to.
 */
export function setAsideDatabase(dataDir: string, now: number): string {
  const aside = join(dataDir, `damaged-${stamp(now)}`);
  mkdirSync(aside, { recursive: true, mode: 0o700 });
  for (const suffix of SIDE_FILES) {
    const file = join(dataDir, DB_FILE + suffix);
    if (existsSync(file)) renameSync(file, join(aside, DB_FILE + suffix));
  }
  return aside;
}

/** Sets the damaged database aside and puts the newest automatic backup in its place. */
export function restoreLatestBackup(dataDir: string, now: number): boolean {
  const newest = listBackups(dataDir)[0];
  if (!newest) return false;
  setAsideDatabase(dataDir, now);
  copyFileSync(newest, join(dataDir, DB_FILE));
  return true;
}
