import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { pauseCodeOf } from './pause-code';
import { LOCAL_CODES } from '../../../shared/tencent-errors';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import type { SendJournal } from './journal';
import { nextTurn } from '../kernel/next-turn';

/** Rows folded per background transaction (a few milliseconds), and per transaction when a reader folds. */
const BACKGROUND_ROWS = 1_000;
const READER_ROWS = 50_000;
const FOLD_TICK_MS = 25;
const FOLD_BUDGET_MS = 8;
/** Background folding runs only while the event loop was busy less than this share. */
const IDLE_BELOW = 0.5;
/** A failing background fold is retried after this, doubling up to the cap. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 30_000;

/** What readers of rows, history, exports and the ledger need: a fold before they read. */
export interface JournalReads {
  /** Folds the journal (throws when that fails). */
  foldJournal(): void;
  /** Folds the journal, then runs `read`; a failed fold is logged and the read goes on. */
  read<T>(read: () => T): T;
  /**
   * Folds in slices with a turn of the loop between: an async reader calls this first, so the
   * fold inside `read` finds (almost) nothing left instead of a whole batch in one stretch.
   */
  foldInTurns?(): Promise<void>;
}

/**
 * The one read model over the send journal: `job_rows` and `ledger_sends` say exactly what
 * happened once the journal is folded, so every reader of them comes through here. Folds also
 * run in the background, in the event loop's spare time; one that fails is logged, reported
 * (`onBackgroundError`: the outbox pauses running jobs) and retried with back-off.
 */
export class JournalReadModel implements JournalReads {
  /**
   * Nothing left to fold or mark, as far as this process knows. Starts false: a previous
   * process may have left entries behind.
   */
  private clean = false;
  private timer: NodeJS.Timeout | null = null;
  private elu: EventLoopUtilization | null = null;
  private failures = 0;
  private closed = false;
  /** A background fold failed with this code (LOCAL_CODES): running jobs must pause. */
  onBackgroundError: (code: string) => void = () => {};

  constructor(
    private readonly db: Db,
    private readonly journal: SendJournal,
    private readonly logger: Logger,
  ) {
    journal.listener = {
      changed: () => {
        this.clean = false;
      },
      completed: () => this.foldLater(FOLD_TICK_MS),
    };
  }

  /**
   * Folds every completed entry and marks the rows of requests in flight as `sending`: after
   * this, `job_rows` and `ledger_sends` say exactly what happened.
   */
  foldJournal(): void {
    // Readers call this before every read: when nothing changed since, it costs nothing.
    if (this.clean) return;
    // Inside a caller's transaction the work may still be rolled back: stay unclean then.
    const nested = this.db.inTransaction;
    this.db.transaction(() => {
      while (this.journal.foldSome(READER_ROWS) > 0);
      this.journal.markInFlight();
    })();
    if (!nested) this.clean = true;
  }

  read<T>(read: () => T): T {
    try {
      this.foldJournal();
    } catch (e) {
      // The rows still read as they were last folded: better than no answer.
      this.logger.error('journal fold before a read failed', { error: messageOf(e) });
    }
    return read();
  }

  /**
   * Folds what is left in slices of the background fold's size and budget, a turn of the event
   * loop between them, for a reader that may wait: after a 100,000-row job a reader's own fold
   * would otherwise rewrite every row in one stretch while every other call waits. Each slice is
   * the background fold's own transaction, so this changes when rows are folded, never how.
   * A failure is left to the reader's own fold, which reports it as before.
   */
  async foldInTurns(): Promise<void> {
    try {
      while (!this.closed && this.journal.unfoldedEntries > 0) {
        const until = performance.now() + FOLD_BUDGET_MS;
        let folded = 0;
        let n: number;
        while (performance.now() < until && (n = this.journal.fold(BACKGROUND_ROWS)) > 0) {
          folded += n;
        }
        // Entries this process counts but cannot fold yet are the reader's fold's business.
        if (folded === 0) return;
        await nextTurn();
      }
    } catch {
      // Nothing is lost: the entries stay in the journal for the reader's fold.
    }
  }

  /** Stops background folding; what is left is folded by the next reader or start. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Folds in the background while the event loop has time to spare: while requests answer
   * faster than the rows could be rewritten, folding waits rather than slow the sending.
   */
  private foldLater(ms: number): void {
    if (this.timer || this.closed) return;
    this.elu = performance.eventLoopUtilization();
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    if (this.closed || this.journal.unfoldedEntries === 0) return;
    try {
      const busy = this.elu ? performance.eventLoopUtilization(this.elu).utilization : 0;
      if (busy < IDLE_BELOW) {
        // A time budget, not an entry count: a per-row job leaves one entry per number.
        const until = performance.now() + FOLD_BUDGET_MS;
        while (performance.now() < until && this.journal.fold(BACKGROUND_ROWS) > 0);
      }
      this.failures = 0;
    } catch (e) {
      // A timer callback that throws would take the whole process down (issue 20): the entries
      // stay in the journal, nothing is lost, and the fold is tried again later.
      this.failures++;
      this.logger.error('journal fold failed', { error: messageOf(e), failures: this.failures });
      if (this.failures === 1) this.report(pauseCodeOf(e, LOCAL_CODES.databaseWrite));
    }
    if (this.journal.unfoldedEntries > 0) this.foldLater(this.retryDelay());
  }

  private retryDelay(): number {
    if (this.failures === 0) return FOLD_TICK_MS;
    return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
  }

  private report(code: string): void {
    try {
      this.onBackgroundError(code);
    } catch (e) {
      this.logger.error('journal fold failure could not be reported', { error: messageOf(e) });
    }
  }
}

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
