import Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';

export const LOCK_FILE = 'sms-desk.lock';

export interface FolderLock {
  release(): void;
}

/**
 * An OS-level lock on the data folder, held while the core runs: two processes on one folder
 * would each run the outbox and fold the same journal. The lock is SQLite's own file lock
 * (fcntl on Linux/macOS, LockFileEx on Windows) on a small side file, taken with an exclusive
 * transaction that stays open; the OS drops it when the process ends however it ends, so the
 * lock a crashed process left behind is simply taken over.
 */
export function lockDataFolder(dataDir: string): FolderLock {
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED'))
      throw new AppError('data_folder_in_use', 'errors.dataFolderInUse');
    throw e;
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}
