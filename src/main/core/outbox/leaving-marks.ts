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
 * The header also names the recovery that started the file, a random id kept in the database
 * too (settings `outbox.leavingSession`): a database put back from a backup, or a file left by
 * another database, does not match, and nothing is trusted.
 *
 * Format: a header line `sms-desk-leaving 2 <boot id> <session>`, then one line per request,
 * `<entry id>.<attempted at>` in base 36 (entry ids can be reused once folded; the pair not).
 *
 * The file speaks only for the journal records of the process that started it, right after
 * recovery settled every earlier record (`reset`). A process that marks without having
 * recovered appends a `!` line instead of starting over: the file is then never trusted.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { BootIdSource } from './boot-id';

const MAGIC = 'sms-desk-leaving 2';
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
  /** The recovery in this process that started the file over (`reset`), if any. */
  private session: string | null = null;

  /** `path` null: no file (an in-memory database); nothing is ever trusted then. */
  constructor(
    private readonly path: string | null,
    private readonly bootId: BootIdSource,
  ) {}

  /**
   * The marks an earlier process of this boot wrote, read before this process writes any.
   * Untrusted when there is no file, another boot or another recovery than `session` (the one
   * the database names) started it, or its header is damaged.
   */
  readLeft(session: string | undefined): LeftMarks {
    if (this.path === null || session === undefined) return { trusted: false };
    let text: string;
    try {
      text = readFileSync(this.path, 'latin1');
    } catch {
      return { trusted: false };
    }
    const lines = text.split('\n');
    if (lines[0] !== `${MAGIC} ${this.bootId()} ${session}`) return { trusted: false };
    if (lines.includes(UNSETTLED)) return { trusted: false };
    // A line cut short by the crash is of a request that had not left yet, so no match is safe.
    const keys = new Set(lines.slice(1));
    return { trusted: true, has: (e) => keys.has(keyOf(e)) };
  }

  /**
   * Records that the request is about to leave; throws if it cannot (the request must then
   * not leave).
   */
  mark(e: LeavingMark): void {
    if (this.path === null) return;
    if (this.fd === null) {
      this.fd = openSync(this.path, 'a', 0o600);
      // Marks of a process that never started the file over cover none of the records an
      // earlier process left: the file must not be trusted.
      if (this.session === null) writeSync(this.fd, `\n${UNSETTLED}\n`);
    }
    writeSync(this.fd, `${keyOf(e)}\n`);
  }

  /**
   * Starts the file over for `session` (recovery settled the journal and stored `session` in
   * the database): the marks of earlier requests are no longer needed.
   */
  reset(session: string): void {
    if (this.path === null) return;
    this.close();
    // Truncated and given this boot's header; appends from then on (plain writes, no fsync).
    const fd = openSync(this.path, 'w', 0o600);
    writeSync(fd, `${MAGIC} ${this.bootId()} ${session}\n`);
    this.fd = fd;
    this.session = session;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
