import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { Db } from '../store/db';

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

interface Unfolded {
  sdkAppId: string;
  phones: readonly string[];
  at: number;
  /** Its sends are in `unfoldedSends` (the per-number index is built when first asked). */
  indexed: boolean;
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

/** Unfolded rows kept at most: bounds the in-memory overlay (~100 bytes per number). */
const MAX_UNFOLDED_ROWS = 200_000;
/**
 * Rows folded per background transaction (a few milliseconds), and per transaction when a
 * reader settles; entries per transaction at most.
 */
const FOLD_ROWS = 1_000;
const SETTLE_ROWS = 50_000;
const FOLD_ENTRIES = 1_000;
const FOLD_TICK_MS = 25;
const FOLD_BUDGET_MS = 8;
/** Background folding runs only while the event loop was busy less than this share. */
const IDLE_BELOW = 0.5;

/**
 * The send journal: one durable record per request instead of two rewrites of every row.
 *
 * - Before a request leaves, `open` records it as `sending` (inside the runner's transaction;
 *   the request waits until that commit is on disk, see store/durability.ts).
 * - When Tencent accepted every number, `complete` stores the per-number results in the same
 *   record. Any other outcome is applied to the rows at once (`markRows`, then per-row writes,
 *   then `drop`).
 * - `fold` moves completed records into `job_rows` and `ledger_sends` in bulk, in the event
 *   loop's spare time. Until then the ledger sees their sends through `overlay`.
 * - `settle` folds everything and rewrites the rows of requests still in flight as `sending`:
 *   every reader of rows or of the ledger calls it first, so nothing reads a stale row.
 * - After a crash, `settle` plus "sending rows become unknown" is the whole recovery: a record
 *   that was `sent` was answered, one still `sending` may or may not have left.
 * - Without a crash: `abandon` withdraws a record whose request never left (its disk sync
 *   failed); `lose` turns the rows of one whose answer could not be written into `unknown`.
 */
export class SendJournal {
  private readonly st;
  /**
   * sdkAppId → phone → accepted-send times not yet in `ledger_sends`, for the entries in
   * `unfolded` that are `indexed`. Entries are indexed only when the ledger first asks: a
   * batch to distinct numbers never asks (it has no number sent to before), and skips a map
   * entry per number.
   */
  private readonly unfoldedSends = new Map<string, Map<string, number[]>>();
  private readonly unfolded = new Map<number, Unfolded>();
  private readonly unindexed = new Set<Unfolded>();
  private unfoldedRows = 0;
  private foldTimer: NodeJS.Timeout | null = null;
  private elu: EventLoopUtilization | null = null;
  private closed = false;
  /**
   * Nothing left to fold or mark, as far as this process knows. Starts false: a previous
   * process may have left entries behind.
   */
  private clean = false;
  /**
   * Told which numbers got a send through the journal (the ledger looks them up from then
   * on); `null` when a fold wrote sends of numbers not known here (left by a previous run).
   */
  onSends: (sdkAppId: string, phones: readonly string[] | null, claimedIn?: number) => void =
    () => {};

  constructor(private readonly db: Db) {
    // Two statements per shape, not one with a CASE: the planner walks the primary key only
    // when the row condition is a plain range or a plain list.
    const inRun = (a: string): string => `${a}.job_id = @jobId AND ${a}.row_no BETWEEN @lo AND @hi`;
    const inList = (a: string): string =>
      `${a}.job_id = @jobId AND ${a}.row_no IN (SELECT value FROM json_each(@rowNos))`;
    // A request that never left: its rows, if marked, become pending again.
    const unmarkRows = (where: string) =>
      db.prepare(
        `UPDATE job_rows SET state = 'pending', attempts = attempts - 1, updated_at = @at
         WHERE ${where} AND state = 'sending'`,
      );
    // A request whose result was lost (a failed write): it may have been sent.
    const loseRows = (where: string) =>
      db.prepare(
        `UPDATE job_rows SET state = 'unknown', code = @code, message = NULL, retry_safe = 0,
           updated_at = @at
         WHERE ${where} AND state = 'sending'
         RETURNING row_no AS rowNo`,
      );
    const markRows = (where: string) =>
      db.prepare(
        `UPDATE job_rows SET state = 'sending', attempts = attempts + 1, attempted_at = @at,
           session_context = @sc, held_reason = NULL, not_before = NULL, updated_at = @at
         WHERE ${where} AND state = 'pending'`,
      );
    // Tencent accepted every number of the entry: each is a send, whatever the row became.
    const foldLedger = (where: string) =>
      db.prepare(
        `INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key, job_id, row_no)
         SELECT @sdkAppId, r.phone, @doneAt, j.template_id || char(31) || r.params, r.job_id,
                r.row_no
         FROM job_rows r JOIN jobs j ON j.id = r.job_id
         WHERE ${where}`,
      );
    this.st = {
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
      setMarked: db.prepare('UPDATE send_journal SET marked = 1 WHERE id = ?'),
      loseRun: loseRows(inRun('job_rows')),
      loseList: loseRows(inList('job_rows')),
      unmarkRun: unmarkRows(inRun('job_rows')),
      unmarkList: unmarkRows(inList('job_rows')),
      markRun: markRows(inRun('job_rows')),
      markList: markRows(inList('job_rows')),
      // A list: serials and fees are indexed by the row's position in it.
      foldList: db.prepare(
        `UPDATE job_rows SET state = 'sent', code = @code, message = @message,
           serial_no = @serials ->> j.key, fee = @fees ->> j.key,
           request_id = @requestId, sent_at = @doneAt, retry_safe = 0, updated_at = @doneAt,
           attempts = attempts + @inc, attempted_at = @at, session_context = @sc,
           held_reason = NULL, not_before = NULL
         FROM json_each(@rowNos) AS j
         WHERE job_rows.job_id = @jobId AND job_rows.row_no = j.value
           AND job_rows.state IN ('pending', 'sending')`,
      ),
      ledgerList: foldLedger(inList('r')),
      // Every completed run-entry with an id in @first..@last at once (a per-row job leaves one
      // entry per number: one statement each would cost ~80 µs per number).
      foldRuns: db.prepare(
        `UPDATE job_rows SET state = 'sent', code = e.code, message = e.message,
           serial_no = e.serials ->> CAST(job_rows.row_no - e.lo AS INTEGER),
           fee = e.fees ->> CAST(job_rows.row_no - e.lo AS INTEGER),
           request_id = e.request_id, sent_at = e.done_at, retry_safe = 0,
           updated_at = e.done_at, attempts = attempts + 1 - e.marked,
           attempted_at = e.attempted_at, session_context = e.session_context,
           held_reason = NULL, not_before = NULL
         FROM send_journal AS e
         WHERE e.id BETWEEN @first AND @last AND e.state = 'sent' AND e.row_nos IS NULL
           AND job_rows.job_id = e.job_id AND job_rows.row_no BETWEEN e.lo AND e.hi
           AND job_rows.state IN ('pending', 'sending')`,
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

  /** Records a request as `sending`; call inside the transaction that precedes the send. */
  open(e: OpenEntry): number {
    this.clean = false;
    return Number(
      this.st.open.run({
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
    this.clean = false;
    this.st.complete.run({
      id,
      code: r.code,
      message: r.message,
      requestId: r.requestId,
      serials: JSON.stringify(r.serials),
      fees: JSON.stringify(r.fees),
      doneAt: r.doneAt,
    });
    const u: Unfolded = { sdkAppId: r.sdkAppId, phones: r.phones, at: r.doneAt, indexed: false };
    this.unfolded.set(id, u);
    this.unindexed.add(u);
    this.unfoldedRows += r.phones.length;
    this.onSends(r.sdkAppId, r.phones, r.claimedIn);
    if (this.unfoldedRows >= MAX_UNFOLDED_ROWS) this.fold(FOLD_ROWS);
    this.foldLater();
  }

  /** Rewrites the entry's rows as `sending` (once), for per-row handling of its result. */
  markRows(id: number): void {
    const e = this.st.entry.get(id) as EntryRow | undefined;
    if (e) this.mark(e);
  }

  /** Withdraws the record of a request that did not leave: its rows are pending again. */
  abandon(id: number): void {
    const e = this.st.entry.get(id) as EntryRow | undefined;
    if (!e || e.state !== 'sending') return;
    if (e.marked) {
      const at = e.attempted_at;
      if (e.row_nos === null) this.st.unmarkRun.run({ jobId: e.job_id, lo: e.lo, hi: e.hi, at });
      else this.st.unmarkList.run({ jobId: e.job_id, rowNos: e.row_nos, at });
    }
    this.st.drop.run(id);
  }

  /**
   * A request whose answer could not be written: its rows become `unknown` (it may have been
   * sent) and are returned for reconciling.
   */
  lose(id: number, code: string, at: number): number[] {
    this.clean = false;
    // A `complete` rolled back with the failed write may have reached memory.
    this.forget(id);
    const e = this.st.entry.get(id) as EntryRow | undefined;
    if (!e) return [];
    this.mark(e);
    const rows = (
      e.row_nos === null
        ? this.st.loseRun.all({ jobId: e.job_id, lo: e.lo, hi: e.hi, code, at })
        : this.st.loseList.all({ jobId: e.job_id, rowNos: e.row_nos, code, at })
    ) as { rowNo: number }[];
    this.st.drop.run(id);
    return rows.map((r) => r.rowNo);
  }

  /** Forgets an entry whose result was written to its rows directly. */
  drop(id: number): void {
    this.st.drop.run(id);
  }

  /** Accepted sends to `phone` not yet folded into the ledger table. */
  overlay(sdkAppId: string, phone: string): readonly number[] | undefined {
    this.index();
    return this.unfoldedSends.get(sdkAppId)?.get(phone);
  }

  overlayPhones(sdkAppId: string): Iterable<string> {
    this.index();
    return this.unfoldedSends.get(sdkAppId)?.keys() ?? [];
  }

  private index(): void {
    if (this.unindexed.size === 0) return;
    for (const u of this.unindexed) {
      let byPhone = this.unfoldedSends.get(u.sdkAppId);
      if (!byPhone) this.unfoldedSends.set(u.sdkAppId, (byPhone = new Map()));
      for (const p of u.phones) {
        const list = byPhone.get(p);
        if (list) list.push(u.at);
        else byPhone.set(p, [u.at]);
      }
      u.indexed = true;
    }
    this.unindexed.clear();
  }

  /**
   * Folds every completed entry and marks the rows of requests in flight as `sending`: after
   * this, `job_rows` and `ledger_sends` say exactly what happened.
   */
  settle(): void {
    // Readers call this before every read: when nothing changed since, it costs nothing.
    if (this.clean) return;
    // Inside a caller's transaction the work may still be rolled back: stay unclean then.
    const nested = this.db.inTransaction;
    this.db.transaction(() => {
      while (this.foldSome(SETTLE_ROWS) > 0);
      for (const e of this.st.unmarked.all() as EntryRow[]) this.mark(e);
    })();
    if (!nested) this.clean = true;
  }

  /**
   * Folds the oldest completed entries, about `maxRows` rows (at least one entry), in one
   * transaction; returns how many entries.
   */
  fold(maxRows: number): number {
    return this.db.transaction(() => this.foldSome(maxRows))();
  }

  /** Stops background folding; what is left is folded by the next settle or start. */
  close(): void {
    this.closed = true;
    if (this.foldTimer) clearTimeout(this.foldTimer);
    this.foldTimer = null;
  }

  private mark(e: EntryRow): void {
    if (e.marked) return;
    const at = e.attempted_at;
    const sc = e.session_context;
    if (e.row_nos === null) this.st.markRun.run({ jobId: e.job_id, lo: e.lo, hi: e.hi, at, sc });
    else this.st.markList.run({ jobId: e.job_id, rowNos: e.row_nos, at, sc });
    this.st.setMarked.run(e.id);
  }

  private foldSome(maxRows: number): number {
    const heads = this.st.sentHeads.all(FOLD_ENTRIES) as {
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
    const range = { first: heads[0]!.id, last: heads[count - 1]!.id };
    // Every completed entry up to `last` is among the heads (oldest first): the set-based
    // statements below cover exactly them.
    this.st.foldRuns.run(range);
    this.st.ledgerRuns.run(range);
    this.st.dropRuns.run(range);
    const foreign = new Set<string>();
    for (let i = 0; i < count; i++) {
      const h = heads[i]!;
      if (h.list) this.foldList(this.st.entry.get(h.id) as EntryRow);
      // Sends known here were told at `complete`; others are news to the ledger.
      if (!this.unfolded.has(h.id)) foreign.add(h.sdkAppId);
      this.forget(h.id);
    }
    for (const sdk of foreign) this.onSends(sdk, null);
    return count;
  }

  /** An entry naming its rows by list (not consecutive): folded on its own. */
  private foldList(e: EntryRow): void {
    this.st.foldList.run({
      jobId: e.job_id,
      rowNos: e.row_nos,
      code: e.code,
      message: e.message,
      requestId: e.request_id,
      serials: e.serials,
      fees: e.fees,
      doneAt: e.done_at,
      inc: e.marked ? 0 : 1,
      at: e.attempted_at,
      sc: e.session_context,
    });
    this.st.ledgerList.run({
      sdkAppId: e.sdk_app_id,
      doneAt: e.done_at,
      jobId: e.job_id,
      rowNos: e.row_nos,
    });
    this.st.drop.run(e.id);
  }

  private forget(id: number): void {
    const u = this.unfolded.get(id);
    if (!u) return;
    this.unfolded.delete(id);
    this.unfoldedRows -= u.phones.length;
    if (!u.indexed) {
      this.unindexed.delete(u);
      return;
    }
    const byPhone = this.unfoldedSends.get(u.sdkAppId);
    if (!byPhone) return;
    for (const p of u.phones) {
      const list = byPhone.get(p);
      if (!list) continue;
      const i = list.indexOf(u.at);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) byPhone.delete(p);
    }
  }

  /**
   * Folds in the background while the event loop has time to spare: while requests answer
   * faster than the rows could be rewritten, folding waits rather than slow the sending.
   */
  private foldLater(): void {
    if (this.foldTimer || this.closed) return;
    this.elu = performance.eventLoopUtilization();
    this.foldTimer = setTimeout(() => this.foldTick(), FOLD_TICK_MS);
    this.foldTimer.unref();
  }

  private foldTick(): void {
    this.foldTimer = null;
    if (this.closed || this.unfolded.size === 0) return;
    const busy = this.elu ? performance.eventLoopUtilization(this.elu).utilization : 0;
    if (busy < IDLE_BELOW) {
      // A time budget, not an entry count: a per-row job leaves one entry per number.
      const until = performance.now() + FOLD_BUDGET_MS;
      while (performance.now() < until && this.fold(FOLD_ROWS) > 0);
    }
    if (this.unfolded.size > 0) this.foldLater();
  }
}
