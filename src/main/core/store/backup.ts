import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerContext } from '../kernel/worker-protocol';
import type { Db } from './db';

export const BACKUP_DIR = 'backups';
/** Automatic backups kept; older ones are removed after each new one. */
export const BACKUPS_KEPT = 7;
export const BACKUP_EVERY_MS = 24 * 3600_000;

const NAME = /^sms-desk-(\d{8}-\d{6})(?:-[a-z]+)?\.db$/;

const stamp = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** Backups, newest first (names sort by their UTC stamp). */
export function listBackups(dataDir: string): string[] {
  const dir = join(dataDir, BACKUP_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()
    .map((n) => join(dir, n));
}

/** When the newest backup was taken, or null without one. */
export function lastBackupAt(dataDir: string): number | null {
  const newest = listBackups(dataDir)[0];
  if (!newest) return null;
  try {
    return statSync(newest).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * A consistent copy of the live database with better-sqlite3's online backup (SQLite's backup
 * API, in steps, so sends keep going meanwhile), then only the newest `BACKUPS_KEPT` are kept.
 */
export async function backupDatabase(
  db: Db,
  dataDir: string,
  now: number,
  reason?: 'migration',
): Promise<string> {
  const dir = join(dataDir, BACKUP_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `sms-desk-${stamp(now)}${reason ? `-${reason}` : ''}.db`);
  const partial = `${file}.partial`;
  await db.backup(partial);
  renameSync(partial, file);
  for (const old of listBackups(dataDir).slice(BACKUPS_KEPT)) rmSync(old, { force: true });
  return file;
}

/** Whether a daily backup is due. */
export function backupDue(dataDir: string, now: number): boolean {
  const last = lastBackupAt(dataDir);
  return last === null || now - last >= BACKUP_EVERY_MS;
}

export const backupWorkerTasks = {
  /**
   * The daily backup, on a worker's own connection: each step of the online backup holds the
   * thread that runs it, ~0.5 s a step on a database of a million rows.
   */
  'db.backup': (req: { dataDir: string; now: number }, ctx: WorkerContext): Promise<string> =>
    backupDatabase(ctx.db, req.dataDir, req.now),
};
