import type { Db } from '../store/db';
import { JournalOverlay } from './journal-overlay';
import type { EntryRows, RowStates } from './row-states';

export interface OpenEntry {
  jobId: number;
  sdkAppId: string;
  sessionContext: string;
  attemptedAt: number;
  /** The request's rows, ascending. */
  rowNos: readonly number[];
}

/** Rows numbered consecutively in ascending order: one `BETWEEN` names exactly them. */
function isRun(rowNos: readonly number[]): boolean {
  const first = rowNos[0] ?? 0;
  for (let i = 1; i < rowNos.length; i++) if (rowNos[i] !== first + i) return false;
  return true;
}

/** Tencent accepted every number of the request with one code and message. */
export interface AcceptedAll {
  code: string;
  message: string;
  requestId: string;
  /** Per number, in row order. */
  serials: readonly string[];
  fees: readonly number[];
  doneAt: number;
  /** The numbers, for the ledger overlay until the entry is folded. */
  phones: readonly string[];
  sdkAppId: string;
  /** The ledger's stored set the numbers were claimed in when planned, if they were. */
  claimedIn?: number | undefined;
}

interface EntryRow {
  id: number;
  job_id: number;
  sdk_app_id: string;
  session_context: string;
  attempted_at: number;
  lo: number;
  hi: number;
  row_nos: string | null;
  marked: number;
  state: 'sending' | 'sent';
  code: string | null;
  message: string | null;
  request_id: string | null;
  serials: string | null;
  fees: string | null;
  done_at: number | null;
}

const rowsOf = (e: EntryRow): EntryRows => ({
  jobId: e.job_id,
  lo: e.lo,
  hi: e.hi,
  rowNos: e.row_nos,
});

/** What the journal tells its read model (read-model.ts). */
export interface JournalListener {
  /** Something is left to fold or mark: readers must fold first. */
  changed(): void;
  /** A completed entry waits to be folded: fold it in the background. */
  completed(): void;
}

/** Unfolded rows kept at most: bounds the in-memory overlay (~100 bytes per number). */
const MAX_UNFOLDED_ROWS = 200_000;
/** Rows folded in one go when the overlay is full; entries per transaction at most. */
const FOLD_ROWS = 1_000;
const FOLD_ENTRIES = 1_000;

/**
 * The send journal: one durable record per request instead of two rewrites of every row.
 *
 * - Before a request leaves, `open` records it as `sending` (inside the runner's transaction;
 *   the request waits until that commit is on disk, see store/durability.ts).
 * - When Tencent accepted every number, `complete` stores the per-number results in the same
 *   record. Any other outcome is applied to the rows at once (`markRows`, then per-row writes,
 *   then `drop`).
 * - `fold` moves completed records into `job_rows` and `ledger_sends` in bulk; until then the
 *   ledger sees their sends through `overlay`. The read model (read-model.ts) folds before any
 *   read and in the event loop's spare time.
 * - After a crash, folding plus "sending rows become unknown" is the whole recovery: a record
 *   that was `sent` was answered, one still `sending` may or may not have left.
 * - Without a crash: `abandon` withdraws a record whose request never left; `lose` turns the
 *   rows of one whose answer could not be written into `unknown`.
 */
export class SendJournal {
  private readonly statements;
  readonly overlay = new JournalOverlay();
  /**
   * Told which numbers got a send through the journal (the ledger looks them up from then
   * on); `null` when a fold wrote sends of numbers not known here (left by a previous run).
   */
  onSends: (sdkAppId: string, phones: readonly string[] | null, claimedIn?: number) => void =
    () => {};
  listener: JournalListener = { changed: () => {}, completed: () => {} };

  constructor(
    private readonly db: Db,
    private readonly rowStates: RowStates,
  ) {
    // Tencent accepted every number of the entry: each is a send, whatever the row became.
    this.statements = {
      open: db.prepare(
        `INSERT INTO send_journal (job_id, sdk_app_id, session_context, attempted_at, lo, hi,
           row_nos, state)
         VALUES (@jobId, @sdkAppId, @sessionContext, @attemptedAt, @lo, @hi, @rowNos, 'sending')`,
      ),
      complete: db.prepare(
        `UPDATE send_journal SET state = 'sent', code = @code, message = @message,
           request_id = @requestId, serials = @serials, fees = @fees, done_at = @doneAt
         WHERE id = @id AND state = 'sending'`,
      ),
      drop: db.prepare('DELETE FROM send_journal WHERE id = ?'),
      dropAll: db.prepare('DELETE FROM send_journal'),
      dropSendingOf: db.prepare("DELETE FROM send_journal WHERE job_id = ? AND state = 'sending'"),
      entry: db.prepare('SELECT * FROM send_journal WHERE id = ?'),
      // The oldest completed entries: ids, how many rows each names, and whether as a list.
      sentHeads: db.prepare(
        `SELECT id, sdk_app_id AS sdkAppId, row_nos IS NOT NULL AS list,
                CASE WHEN row_nos IS NULL THEN hi - lo + 1 ELSE json_array_length(row_nos) END AS n
         FROM send_journal WHERE state = 'sent' ORDER BY id LIMIT ?`,
      ),
      unmarked: db.prepare(
        "SELECT * FROM send_journal WHERE state = 'sending' AND marked = 0 ORDER BY id",
      ),
      sending: db.prepare("SELECT * FROM send_journal WHERE state = 'sending' ORDER BY id"),
      setMarked: db.prepare('UPDATE send_journal SET marked = 1 WHERE id = ?'),
      ledgerList: db.prepare(
        `INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key, job_id, row_no)
         SELECT @sdkAppId, r.phone, @doneAt, j.template_id || char(31) || r.params, r.job_id,
                r.row_no
         FROM job_rows r JOIN jobs j ON j.id = r.job_id
         WHERE r.job_id = @jobId AND r.row_no IN (SELECT value FROM json_each(@rowNos))`,
      ),
      ledgerRuns: db.prepare(
        `INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key, job_id, row_no)
         SELECT e.sdk_app_id, r.phone, e.done_at, j.template_id || char(31) || r.params, r.job_id,
                r.row_no
         FROM send_journal AS e
           JOIN job_rows AS r ON r.job_id = e.job_id AND r.row_no BETWEEN e.lo AND e.hi
           JOIN jobs AS j ON j.id = e.job_id
         WHERE e.id BETWEEN @first AND @last AND e.state = 'sent' AND e.row_nos IS NULL`,
      ),
      dropRuns: db.prepare(
        `DELETE FROM send_journal
         WHERE id BETWEEN @first AND @last AND state = 'sent' AND row_nos IS NULL`,
      ),
    };
  }

  /** Completed entries waiting to be folded, as far as this process knows. */
  get unfoldedEntries(): number {
    return this.overlay.size;
  }

  /** Records a request as `sending`; call inside the transaction that precedes the send. */
  open(e: OpenEntry): number {
    this.listener.changed();
    return Number(
      this.statements.open.run({
        jobId: e.jobId,
        sdkAppId: e.sdkAppId,
        sessionContext: e.sessionContext,
        attemptedAt: e.attemptedAt,
        lo: e.rowNos[0] ?? 0,
        hi: e.rowNos[e.rowNos.length - 1] ?? 0,
        rowNos: isRun(e.rowNos) ? null : JSON.stringify(e.rowNos),
      }).lastInsertRowid,
    );
  }

  /** Stores the results of a request whose every number was accepted alike. */
  complete(id: number, r: AcceptedAll): void {
    this.listener.changed();
    this.statements.complete.run({
      id,
      code: r.code,
      message: r.message,
      requestId: r.requestId,
      serials: JSON.stringify(r.serials),
      fees: JSON.stringify(r.fees),
      doneAt: r.doneAt,
    });
    this.overlay.add(id, r.sdkAppId, r.phones, r.doneAt);
    this.onSends(r.sdkAppId, r.phones, r.claimedIn);
    if (this.overlay.rows >= MAX_UNFOLDED_ROWS) this.fold(FOLD_ROWS);
    this.listener.completed();
  }

  /** Rewrites the entry's rows as `sending` (once), for per-row handling of its result. */
  markRows(id: number): void {
    const e = this.statements.entry.get(id) as EntryRow | undefined;
    if (e) this.mark(e);
  }

  /** Withdraws the record of a request that did not leave: its rows are pending again. */
  abandon(id: number): void {
    const e = this.statements.entry.get(id) as EntryRow | undefined;
    if (!e || e.state !== 'sending') return;
    if (e.marked) this.rowStates.unmarkSending(rowsOf(e), e.attempted_at);
    this.statements.drop.run(id);
  }

  /**
   * A request whose answer could not be written: its rows become `unknown` (it may have been
   * sent) and are returned for reconciling.
   */
  lose(id: number, code: string, at: number): number[] {
    this.listener.changed();
    // A `complete` rolled back with the failed write may have reached memory.
    this.overlay.forget(id);
    const e = this.statements.entry.get(id) as EntryRow | undefined;
    if (!e) return [];
    this.mark(e);
    const rows = this.rowStates.loseSending(rowsOf(e), code, at);
    this.statements.drop.run(id);
    return rows;
  }

  /** Forgets an entry whose result was written to its rows directly. */
  drop(id: number): void {
    this.statements.drop.run(id);
  }

  /** Forgets a job's records of requests in flight (their rows are dealt with by the caller). */
  dropSendingOf(jobId: number): void {
    this.statements.dropSendingOf.run(jobId);
  }

  /** Forgets every record (crash recovery, after folding and marking). */
  dropAll(): void {
    this.statements.dropAll.run();
  }

  /**
   * Withdraws every record still `sending` whose request `left` says never left (crash
   * recovery, see leaving-marks.ts): its rows are pending again. Returns how many.
   */
  abandonUnmarked(left: (e: { entryId: number; attemptedAt: number }) => boolean): number {
    let n = 0;
    for (const e of this.statements.sending.all() as EntryRow[]) {
      if (left({ entryId: e.id, attemptedAt: e.attempted_at })) continue;
      if (e.marked) this.rowStates.unmarkSending(rowsOf(e), e.attempted_at);
      this.statements.drop.run(e.id);
      n++;
    }
    return n;
  }

  /** Marks the rows of every request in flight as `sending`. */
  markInFlight(): void {
    for (const e of this.statements.unmarked.all() as EntryRow[]) this.mark(e);
  }

  /**
   * Folds the oldest completed entries, about `maxRows` rows (at least one entry), in one
   * transaction; returns how many entries.
   */
  fold(maxRows: number): number {
    return this.db.transaction(() => this.foldSome(maxRows))();
  }

  /** Like `fold`, inside the caller's transaction. */
  foldSome(maxRows: number): number {
    const heads = this.statements.sentHeads.all(FOLD_ENTRIES) as {
      id: number;
      sdkAppId: string;
      list: number;
      n: number;
    }[];
    let rows = 0;
    let count = 0;
    while (count < heads.length && (count === 0 || rows + heads[count]!.n <= maxRows)) {
      rows += heads[count]!.n;
      count++;
    }
    if (count === 0) return 0;
    const first = heads[0]!.id;
    const last = heads[count - 1]!.id;
    // Every completed entry up to `last` is among the heads (oldest first): the set-based
    // statements below cover exactly them.
    this.rowStates.acceptedRuns(first, last);
    this.statements.ledgerRuns.run({ first, last });
    this.statements.dropRuns.run({ first, last });
    const foreign = new Set<string>();
    for (let i = 0; i < count; i++) {
      const h = heads[i]!;
      if (h.list) this.foldList(this.statements.entry.get(h.id) as EntryRow);
      // Sends known here were told at `complete`; others are news to the ledger.
      if (!this.overlay.has(h.id)) foreign.add(h.sdkAppId);
      this.overlay.forget(h.id);
    }
    for (const sdk of foreign) this.onSends(sdk, null);
    return count;
  }

  private mark(e: EntryRow): void {
    if (e.marked) return;
    this.rowStates.markSending(rowsOf(e), e.attempted_at, e.session_context);
    this.statements.setMarked.run(e.id);
  }

  /** An entry naming its rows by list (not consecutive): folded on its own. */
  private foldList(e: EntryRow): void {
    this.rowStates.acceptedList({
      ...rowsOf(e),
      code: e.code,
      message: e.message,
      requestId: e.request_id,
      serials: e.serials,
      fees: e.fees,
      doneAt: e.done_at,
      marked: e.marked === 1,
      attemptedAt: e.attempted_at,
      sessionContext: e.session_context,
    });
    this.statements.ledgerList.run({
      sdkAppId: e.sdk_app_id,
      doneAt: e.done_at,
      jobId: e.job_id,
      rowNos: e.row_nos,
    });
    this.statements.drop.run(e.id);
  }
}
