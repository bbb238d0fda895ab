/** The job-pause code for a failed write: the disk's own condition when storage says so. */
import { LOCAL_CODES } from '../../../shared/tencent-errors';
import { storageErrorInfo } from '../store/errors';

/**
 * A full or read-only disk gets its own code, so the job says what to do (free space, then
 * 继续发送) instead of a generic write failure; anything else keeps `fallback`.
 */
export function pauseCodeOf(e: unknown, fallback: string): string {
  switch (storageErrorInfo(e)?.code) {
    case 'disk_full':
      return LOCAL_CODES.diskFull;
    case 'disk_read_only':
      return LOCAL_CODES.diskReadOnly;
    default:
      return fallback;
  }
}
