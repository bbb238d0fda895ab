import { close, fdatasync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './db';

/** fdatasync calls at once: libuv runs four threads, which DNS and file reads share. */
const PARALLEL_SYNCS = 2;

/** How the send loop commits, and how it waits for its commits to reach the disk. */
export interface SendDurability {
  /** Runs `fn` in a transaction whose commit does not wait for the disk. */
  commitRelaxed<T>(fn: () => T): T;
  /** Resolves once every transaction committed before the call is on disk. */
  sync(): Promise<void>;
  close(): void;
}

/**
 * The connection runs with `synchronous=FULL`: every commit waits for the disk on the event
 * loop (0.1–1 ms on the build machine, more on a busy laptop disk). The send loop commits once
 * per round of requests, and all it needs is that a request's journal record is on disk before
 * the request leaves. So it commits with `synchronous=NORMAL` (in WAL mode: safe when the app
 * crashes, not when the power fails), then awaits `sync()`: one `fdatasync` of the WAL file in
 * libuv's thread pool, which makes every commit so far safe against power loss too. The record
 * is exactly as durable before the send as with FULL; only the event loop no longer waits.
 *
 * Each call starts its own fdatasync, so a request waits for one sync, not for the end of one
 * that began before its commit and then its own (on a busy machine a sync takes 1–2 ms). With
 * `PARALLEL_SYNCS` running, callers share the next one, which starts when one of them ends.
 */
export class WalDurability implements SendDurability {
  /** fdatasync calls made (the grouping test reads it). */
  syncs = 0;
  private readonly wal: string | null;
  /** The connection's own level (FULL), restored after each relaxed commit. */
  private readonly level: number;
  private fd: number | null = null;
  /** fdatasync calls under way. */
  private readonly active = new Set<Promise<void>>();
  private next: Promise<void> | null = null;
  private startNext: (() => void) | null = null;
  private closed = false;
  private readonly runInTransaction: (fn: () => unknown) => unknown;

  constructor(private readonly db: Db) {
    const walMode = db.pragma('journal_mode', { simple: true }) === 'wal';
    this.wal = walMode && !db.memory ? `${resolve(db.name)}-wal` : null;
    this.level = Number(db.pragma('synchronous', { simple: true }));
    // Made once: each `db.transaction` call builds its wrappers anew (about 20 µs a flush).
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
  }

  commitRelaxed<T>(fn: () => T): T {
    // SQLite refuses to change the level inside a transaction: a nested call just joins it.
    if (this.db.inTransaction || this.wal === null) return this.runInTransaction(fn) as T;
    // exec, not a prepared statement: SQLite applies this pragma when it compiles it (and
    // exec skips building a statement object: a tenth of the cost of db.pragma).
    this.db.exec('PRAGMA synchronous = NORMAL');
    try {
      return this.runInTransaction(fn) as T;
    } finally {
      this.db.exec(`PRAGMA synchronous = ${this.level}`);
    }
  }

  sync(): Promise<void> {
    if (this.wal === null) return Promise.resolve();
    if (this.active.size < PARALLEL_SYNCS) return this.start();
    // Every thread is busy: share the next sync, which starts when one of them ends.
    this.next ??= new Promise<void>((ok, fail) => {
      this.startNext = () => {
        this.next = null;
        this.startNext = null;
        this.start().then(ok, fail);
      };
    });
    return this.next;
  }

  /** Closes the WAL handle (before the database closes: Windows deletes the WAL then). */
  close(): void {
    this.closed = true;
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    // Syncs still running keep using the descriptor: close after them.
    void Promise.allSettled([...this.active, this.next]).then(() => close(fd, () => {}));
  }

  private start(): Promise<void> {
    const p = this.datasync().finally(() => {
      this.active.delete(p);
      this.startNext?.();
    });
    this.active.add(p);
    return p;
  }

  private datasync(): Promise<void> {
    return new Promise((ok, fail) => {
      if (this.closed) {
        fail(new Error('database closed'));
        return;
      }
      try {
        // Opened once the WAL exists (the caller has just committed to it).
        this.fd ??= openSync(this.wal!, 'r+');
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      this.syncs++;
      fdatasync(this.fd, (err) => (err ? fail(err) : ok()));
    });
  }
}
