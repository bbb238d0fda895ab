/**
 * "About to leave" marks: a cheap record, written just before a journaled request goes on the
 * wire, that tells a crash from a request that never left (issue 20, finding 6).
 *
 * The journal record of a request is on disk before the request may leave (store/
 * durability.ts), and up to a round of requests is journaled ahead. After a crash every
 * journaled request used to read `unknown`, although most journaled-ahead ones never left. A
 * mark is one small line appended to `<database>-leaving` with a plain write, no fsync: when
 * only the process dies, the OS still holds the written pages, so a journaled request with no
 * mark certainly never left and its rows can go back to pending. When the machine went down,
 * unsynced pages may be lost; the file's header names the boot it was written in, and a file
 * of another boot (or none, or an unreadable one) is not trusted: every journaled request
 * stays `unknown`, as before.
 *
 * Format: a header line `sms-desk-leaving 1 <boot id>`, then one line per request,
 * `<entry id>.<attempted at>` in base 36 (entry ids can be reused once folded; the pair not).
 *
 * The file speaks only for the journal records of the process that started it, right after
 * recovery settled every earlier record (`reset`). A process that marks without having
 * recovered appends a `!` line instead of starting over: the file is then never trusted.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { BootIdSource } from './boot-id';

const MAGIC = 'sms-desk-leaving 1';
/** Written by a process that marked before any recovery: the file is not to be trusted. */
const UNSETTLED = '!';

export interface LeavingMark {
  entryId: number;
  attemptedAt: number;
}

/** What a mark file left by an earlier process says, if it can be trusted. */
export type LeftMarks = { trusted: true; has(e: LeavingMark): boolean } | { trusted: false };

const keyOf = (e: LeavingMark): string => `${e.entryId.toString(36)}.${e.attemptedAt.toString(36)}`;

export class LeavingMarks {
  private fd: number | null = null;
  /** Recovery ran in this process and started the file over (`reset`). */
  private settled = false;

  /** `path` null: no file (an in-memory database); nothing is ever trusted then. */
  constructor(
    private readonly path: string | null,
    private readonly bootId: BootIdSource,
  ) {}

  /**
   * The marks an earlier process of this boot wrote, read before this process writes any.
   * Untrusted when there is no file, another boot wrote it, or its header is damaged.
   */
  readLeft(): LeftMarks {
    if (this.path === null) return { trusted: false };
    let text: string;
    try {
      text = readFileSync(this.path, 'latin1');
    } catch {
      return { trusted: false };
    }
    const lines = text.split('\n');
    if (lines[0] !== `${MAGIC} ${this.bootId()}`) return { trusted: false };
    if (lines.includes(UNSETTLED)) return { trusted: false };
    // A line cut short by the crash is of a request that had not left yet, so no match is safe.
    const keys = new Set(lines.slice(1));
    return { trusted: true, has: (e) => keys.has(keyOf(e)) };
  }

  /**
   * Records that the request is about to leave; throws if it cannot (the request must then
   * not leave). The first mark of the process starts a new file for this boot.
   */
  mark(e: LeavingMark): void {
    if (this.path === null) return;
    if (this.fd === null)
      this.fd = this.settled ? this.start(this.path) : this.unsettled(this.path);
    writeSync(this.fd, `${keyOf(e)}\n`);
  }

  /**
   * Starts over (after recovery consumed the file): the marks of the journal's past requests
   * are no longer needed, the journal having been settled.
   */
  reset(): void {
    if (this.path === null) return;
    this.close();
    this.settled = true;
    this.fd = this.start(this.path);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private unsettled(path: string): number {
    const fd = openSync(path, 'a', 0o600);
    writeSync(fd, `\n${UNSETTLED}\n`);
    return fd;
  }

  private start(path: string): number {
    // Truncated and given this boot's header; appends from then on (plain writes, no fsync).
    const fd = openSync(path, 'w', 0o600);
    writeSync(fd, `${MAGIC} ${this.bootId()}\n`);
    return fd;
  }
}
