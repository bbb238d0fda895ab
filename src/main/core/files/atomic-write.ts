import { randomBytes } from 'node:crypto';
import {
  close,
  closeSync,
  fsync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { AppError } from '../../../shared/errors';

const refused = () => new AppError('export_target_refused', 'errors.exportTargetRefused');

const inside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * The folder a save target lives in, resolved through symlinks, after refusing anything in
 * the app's own data folder: an export must never replace the database, a log or a backup.
 */
export function checkSaveTarget(target: string, dataDir: string): string {
  if (!isAbsolute(target) || basename(target) === '') throw refused();
  let folder: string;
  let data: string;
  try {
    folder = realpathSync(dirname(target));
    data = realpathSync(dataDir);
  } catch {
    throw new AppError('export_failed', 'errors.exportFailed');
  }
  if (inside(folder, data)) throw refused();
  return folder;
}

/** A file being written beside its target; nothing appears under the target's name until commit. */
export interface AtomicFile {
  write(text: string): void;
  commit(): void;
  /**
   * As `commit`, with the sync and close done on libuv's thread pool: syncing a file of a
   * hundred megabytes takes long enough to freeze the main thread.
   */
  commitAsync(): Promise<void>;
  abort(): void;
  /**
   * The open temporary file, for a worker thread of this process to write into (an export
   * built there). Only between open and commit/abort, and only while no one else writes.
   */
  fd(): number;
}

/**
 * Writes to a new temporary file (O_EXCL, so never through a planted symlink) in the target's
 * folder, syncs it and renames it over the target: a reader sees the old file or the whole new
 * one, and a failure leaves no half-written file behind.
 */
export function openAtomic(target: string, dataDir: string): AtomicFile {
  const folder = checkSaveTarget(target, dataDir);
  const final = join(folder, basename(target));
  const temp = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o600);
  } catch {
    throw new AppError('export_failed', 'errors.exportFailed');
  }
  let open = true;
  const abort = () => {
    if (open) closeSync(fd);
    open = false;
    rmSync(temp, { force: true });
  };
  return {
    write(text) {
      try {
        writeSync(fd, text);
      } catch (e) {
        abort();
        throw writeFailure(e);
      }
    },
    commit() {
      try {
        fsyncSync(fd);
        closeSync(fd);
        open = false;
        renameSync(temp, final);
      } catch (e) {
        abort();
        throw writeFailure(e);
      }
    },
    async commitAsync() {
      try {
        await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
        await new Promise<void>((resolve, reject) => {
          open = false;
          close(fd, (e) => (e ? reject(e) : resolve()));
        });
        renameSync(temp, final);
      } catch (e) {
        abort();
        throw writeFailure(e);
      }
    },
    abort,
    fd() {
      if (!open) throw new AppError('export_failed', 'errors.exportFailed');
      return fd;
    },
  };
}

/** A failed write or sync as the user reads it: a full disk says so. */
export const writeFailure = (e: unknown): AppError =>
  (e as NodeJS.ErrnoException)?.code === 'ENOSPC'
    ? new AppError('disk_full', 'errors.diskFull')
    : new AppError('export_failed', 'errors.exportFailed');

/** The whole text at once, atomically. */
export function writeFileAtomic(target: string, dataDir: string, text: string): void {
  const file = openAtomic(target, dataDir);
  file.write(text);
  file.commit();
}
