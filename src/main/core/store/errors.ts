import type { ErrorInfo } from '../../../shared/errors';

/**
 * What a storage failure means to the user. SQLite's extended codes (SQLITE_IOERR_WRITE,
 * SQLITE_READONLY_DBMOVED, …) share their primary code's prefix, so the prefix decides.
 */
const BY_PREFIX: readonly [prefix: string, info: ErrorInfo][] = [
  ['SQLITE_FULL', { code: 'disk_full', messageKey: 'errors.diskFull' }],
  ['SQLITE_READONLY', { code: 'disk_read_only', messageKey: 'errors.diskReadOnly' }],
  ['SQLITE_CORRUPT', { code: 'database_corrupt', messageKey: 'errors.databaseCorrupt' }],
  ['SQLITE_NOTADB', { code: 'database_corrupt', messageKey: 'errors.databaseCorrupt' }],
  ['SQLITE_BUSY', { code: 'database_busy', messageKey: 'errors.databaseBusy' }],
  ['SQLITE_LOCKED', { code: 'database_busy', messageKey: 'errors.databaseBusy' }],
];

/** Node's own codes for the same conditions (a log or export write, a worker's file). */
const BY_ERRNO: Record<string, ErrorInfo> = {
  ENOSPC: { code: 'disk_full', messageKey: 'errors.diskFull' },
  EDQUOT: { code: 'disk_full', messageKey: 'errors.diskFull' },
  EROFS: { code: 'disk_read_only', messageKey: 'errors.diskReadOnly' },
};

/** The specific, translatable answer for a storage failure, or null for anything else. */
export function storageErrorInfo(e: unknown): ErrorInfo | null {
  // A wrapped failure (`new Error(..., { cause })`) is judged by what it wraps.
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') {
      for (const [prefix, info] of BY_PREFIX) if (code.startsWith(prefix)) return { ...info };
      const errno = BY_ERRNO[code];
      if (errno) return { ...errno };
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}
