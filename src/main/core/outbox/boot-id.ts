/**
 * Which boot of the machine this process runs in (a port, so tests can play a restart). The
 * leaving marks (leaving-marks.ts) are written without an fsync: they survive the process
 * dying, because the OS keeps the file's pages, but not the machine going down. A mark file is
 * trusted only by a process of the same boot as the one that wrote it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type BootIdSource = () => string;

/** Read once: the boot id cannot change while the process lives. */
let cached: string | null = null;

/**
 * Linux names each boot (`/proc/sys/kernel/random/boot_id`). Elsewhere (macOS, Windows) there
 * is no cheap equivalent here, so each process start counts as a new boot: every request that
 * was journaled stays `unknown` after a crash, which is the safe side (today's behaviour).
 */
export const systemBootId: BootIdSource = () => {
  cached ??= readLinuxBootId() ?? `process:${randomUUID()}`;
  return cached;
};

export function readLinuxBootId(file = '/proc/sys/kernel/random/boot_id'): string | null {
  try {
    const id = readFileSync(file, 'utf8').trim();
    return /^[0-9a-f-]{16,64}$/i.test(id) ? id : null;
  } catch {
    return null;
  }
}
