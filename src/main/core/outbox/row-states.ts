/**
 * Every change of a job row's `state` (pending → sending → sent / failed / unknown / held …):
 * the only code that writes `job_rows.state`, so the state machine can be read in one place.
 * Callers own the transactions; each method is one statement.
 */
import { LOCAL_CODES } from '../../../shared/tencent-errors';
import type { RowState } from '../../../shared/api/outbox';
import type { Db } from '../store/db';
import type { PendingRow } from './engine/request';

/** The rows one journal entry names: a consecutive run, or a JSON list of row numbers. */
export interface EntryRows {
  jobId: number;
  lo: number;
  hi: number;
  /** JSON array of row numbers, or null for the run `lo..hi`. */
  rowNos: string | null;
}

/** A row Tencent accepted, when the request's answers were mixed. */
export interface AcceptedRow {
  rowNo: number;
  code: string;
  message: string;
  serialNo: string;
  fee: number;
}

/** What the journal stored for a request whose every number was accepted alike. */
export interface AcceptedEntry extends EntryRows {
  code: string | null;
  message: string | null;
  requestId: string | null;
  serials: string | null;
  fees: string | null;
  doneAt: number | null;
  /** The rows were already marked `sending` (so their attempt was counted). */
  marked: boolean;
  attemptedAt: number;
  sessionContext: string;
}

export type HoldState = 'held' | 'skipped' | 'cancelled';
export type HoldReason = 'cooldown' | 'serverLimit' | 'quietHours' | 'retry';

// Two statements per shape, not one with a CASE: the planner walks the primary key only when
// the row condition is a plain range or a plain list.
const inRun = 'job_id = @jobId AND row_no BETWEEN @lo AND @hi';
const inList = 'job_id = @jobId AND row_no IN (SELECT value FROM json_each(@rowNos))';

export class RowStates {
  private readonly statements;

  constructor(db: Db) {
    // A request that never left: its rows, if marked, become pending again.
    const unmark = (where: string) =>
      db.prepare(
        `UPDATE job_rows SET state = 'pending', attempts = attempts - 1, updated_at = @at
         WHERE ${where} AND state = 'sending'`,
      );
    // A request whose result was lost (a failed write): it may have been sent.
    const lose = (where: string) =>
      db.prepare(
        `UPDATE job_rows SET state = 'unknown', code = @code, message = NULL, retry_safe = 0,
           updated_at = @at
         WHERE ${where} AND state = 'sending'
         RETURNING row_no AS rowNo`,
      );
    const mark = (where: string) =>
      db.prepare(
        `UPDATE job_rows SET state = 'sending', attempts = attempts + 1, attempted_at = @at,
           session_context = @sc, held_reason = NULL, not_before = NULL, updated_at = @at
         WHERE ${where} AND state = 'pending'`,
      );
    this.statements = {
      unmarkRun: unmark(inRun),
      unmarkList: unmark(inList),
      loseRun: lose(inRun),
      loseList: lose(inList),
      markRun: mark(inRun),
      markList: mark(inList),
      // A list: serials and fees are indexed by the row's position in it.
      acceptedList: db.prepare(
        `UPDATE job_rows SET state = 'sent', code = @code, message = @message,
           serial_no = @serials ->> j.key, fee = @fees ->> j.key,
           request_id = @requestId, sent_at = @doneAt, retry_safe = 0, updated_at = @doneAt,
           attempts = attempts + @inc, attempted_at = @at, session_context = @sc,
           held_reason = NULL, not_before = NULL
         FROM json_each(@rowNos) AS j
         WHERE job_rows.job_id = @jobId AND job_rows.row_no = j.value
           AND job_rows.state IN ('pending', 'sending')`,
      ),
      // Every completed run-entry with an id in @first..@last at once (a per-row job leaves one
      // entry per number: one statement each would cost ~80 µs per number).
      acceptedRuns: db.prepare(
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
      // Mixed answers only (some numbers failed): the materialised CTE makes SQLite walk the
      // results and probe the primary key.
      acceptedRows: db.prepare(
        `WITH a (r, c, m, s, f) AS MATERIALIZED (
           SELECT value ->> '$.r', value ->> '$.c', value ->> '$.m', value ->> '$.s',
                  value ->> '$.f'
           FROM json_each(@rows))
         UPDATE job_rows SET state = 'sent', code = a.c, message = a.m, serial_no = a.s,
           fee = a.f, request_id = @requestId, sent_at = @now, retry_safe = 0, updated_at = @now
         FROM a WHERE job_rows.job_id = @jobId AND job_rows.row_no = a.r`,
      ),
      unknown: db.prepare(
        `UPDATE job_rows SET state = 'unknown', code = ?, message = ?, request_id = ?,
           retry_safe = 0, updated_at = ?
         WHERE job_id = ? AND row_no = ?`,
      ),
      waitForCause: db.prepare(
        `UPDATE job_rows SET state = 'pending', attempts = attempts - 1, code = ?, message = ?,
           request_id = ?, updated_at = ?
         WHERE job_id = ? AND row_no = ? AND state = 'sending'`,
      ),
      failed: db.prepare(
        `UPDATE job_rows SET state = 'failed', code = ?, message = ?, request_id = ?,
           retry_safe = ?, fee = 0, updated_at = ?
         WHERE job_id = ? AND row_no = ?`,
      ),
      hold: db.prepare(
        `UPDATE job_rows SET state = ?, held_reason = ?, not_before = ?, code = ?, message = ?,
           updated_at = ?
         WHERE job_id = ? AND row_no = ?`,
      ),
      releaseDue: db.prepare(
        `UPDATE job_rows SET state = 'pending', updated_at = ?
         WHERE job_id = ? AND state = 'held' AND not_before <= ?
         RETURNING row_no AS rowNo, phone, params, attempts`,
      ),
      orphansUnknown: db.prepare(
        `UPDATE job_rows SET state = 'unknown', code = ?, message = NULL, retry_safe = 0,
           updated_at = ?
         WHERE job_id = ? AND state = 'sending'
         RETURNING row_no AS rowNo`,
      ),
      everySendingUnknown: db.prepare(
        `UPDATE job_rows SET state = 'unknown', code = ?, message = NULL,
           retry_safe = 0, updated_at = ? WHERE state = 'sending'`,
      ),
      optedOut: db.prepare(
        `UPDATE job_rows SET state = 'skipped', code = '${LOCAL_CODES.optedOut}', message = NULL,
           held_reason = NULL, not_before = NULL, updated_at = ?
         WHERE job_id = ? AND row_no = ? AND state IN ('pending', 'held')`,
      ),
      optedOutAtCreate: db.prepare(
        `UPDATE job_rows SET state = 'skipped', code = '${LOCAL_CODES.optedOut}', updated_at = ?
         WHERE job_id = ? AND row_no >= ? AND row_no < ? AND state = 'pending' AND EXISTS (
           SELECT 1 FROM optout o WHERE o.sdk_app_id = ? AND o.phone = job_rows.phone)`,
      ),
      cancelPendingIn: db.prepare(
        `UPDATE job_rows SET state = 'cancelled', updated_at = ?
         WHERE job_id = ? AND row_no IN (SELECT value FROM json_each(?)) AND state = 'pending'`,
      ),
      cancelHeldIn: db.prepare(
        `UPDATE job_rows SET state = 'cancelled', held_reason = NULL, not_before = NULL,
           updated_at = ?
         WHERE job_id = ? AND row_no IN (SELECT value FROM json_each(?)) AND state = 'held'`,
      ),
      cancelOpen: db.prepare(
        `UPDATE job_rows SET state = 'cancelled', updated_at = ?
         WHERE job_id = ? AND state IN ('pending', 'held')`,
      ),
      cancelOpenIn: db.prepare(
        `UPDATE job_rows SET state = 'cancelled', updated_at = ?
         WHERE job_id = ? AND row_no >= ? AND row_no < ? AND state IN ('pending', 'held')`,
      ),
      backToPending: db.prepare(
        `UPDATE job_rows SET state = 'pending', held_reason = NULL, not_before = NULL,
           updated_at = ? WHERE job_id = ? AND row_no = ? AND state = ?`,
      ),
      retrySafeToPendingIn: db.prepare(
        `UPDATE job_rows SET state = 'pending', held_reason = NULL, not_before = NULL,
           updated_at = ?
         WHERE job_id = ? AND row_no >= ? AND row_no < ? AND state = 'failed' AND retry_safe = 1`,
      ),
      confirmSent: db.prepare(
        `UPDATE job_rows SET state = 'sent', code = 'Ok', message = ?, serial_no = ?, sent_at = ?,
           reconciled_at = ?, retry_safe = 0, updated_at = ?
         WHERE job_id = ? AND row_no = ? AND state = 'unknown'`,
      ),
    };
  }

  // ------------------------------------------------------------- the journal's transitions

  /** pending → sending: the rows of a journaled request, for per-row handling or reading. */
  markSending(rows: EntryRows, at: number, sessionContext: string): void {
    const args = { jobId: rows.jobId, at, sc: sessionContext };
    if (rows.rowNos === null) this.statements.markRun.run({ ...args, lo: rows.lo, hi: rows.hi });
    else this.statements.markList.run({ ...args, rowNos: rows.rowNos });
  }

  /** sending → pending: a request that never left gives its attempt back. */
  unmarkSending(rows: EntryRows, at: number): void {
    if (rows.rowNos === null)
      this.statements.unmarkRun.run({ jobId: rows.jobId, lo: rows.lo, hi: rows.hi, at });
    else this.statements.unmarkList.run({ jobId: rows.jobId, rowNos: rows.rowNos, at });
  }

  /** sending → unknown: the request's answer was lost. Returns the rows. */
  loseSending(rows: EntryRows, code: string, at: number): number[] {
    const found = (
      rows.rowNos === null
        ? this.statements.loseRun.all({ jobId: rows.jobId, lo: rows.lo, hi: rows.hi, code, at })
        : this.statements.loseList.all({ jobId: rows.jobId, rowNos: rows.rowNos, code, at })
    ) as { rowNo: number }[];
    return found.map((r) => r.rowNo);
  }

  /** pending/sending → sent: folds one list-entry of the journal. */
  acceptedList(e: AcceptedEntry): void {
    this.statements.acceptedList.run({
      jobId: e.jobId,
      rowNos: e.rowNos,
      code: e.code,
      message: e.message,
      requestId: e.requestId,
      serials: e.serials,
      fees: e.fees,
      doneAt: e.doneAt,
      inc: e.marked ? 0 : 1,
      at: e.attemptedAt,
      sc: e.sessionContext,
    });
  }

  /** pending/sending → sent: folds every completed run-entry with an id in `first..last`. */
  acceptedRuns(first: number, last: number): void {
    this.statements.acceptedRuns.run({ first, last });
  }

  // ------------------------------------------------------------- the send loop's transitions

  /** sending → sent, for the accepted rows of a request with mixed answers. */
  acceptedRows(jobId: number, rows: readonly AcceptedRow[], requestId: string, now: number): void {
    const json = JSON.stringify(
      rows.map((r) => ({ r: r.rowNo, c: r.code, m: r.message, s: r.serialNo, f: r.fee })),
    );
    this.statements.acceptedRows.run({ rows: json, requestId, now, jobId });
  }

  /** sending → unknown: it may have been sent; reconcile decides. */
  unknown(
    jobId: number,
    rowNo: number,
    code: string,
    message: string | null,
    requestId: string | null,
    now: number,
  ): void {
    this.statements.unknown.run(code, message, requestId, now, jobId, rowNo);
  }

  /**
   * sending → pending: Tencent refused the number for an account-wide cause (balance, sign,
   * template, app): nothing was sent, the attempt is given back, and the row goes once the
   * cause is fixed and the job resumes. The code stays on the row to say why it waits.
   */
  waitForCause(
    jobId: number,
    rowNo: number,
    code: string,
    message: string,
    requestId: string,
    now: number,
  ): void {
    this.statements.waitForCause.run(code, message, requestId, now, jobId, rowNo);
  }

  /** sending → failed. `retrySafe`: nothing was sent, the user may retry. */
  failed(
    jobId: number,
    rowNo: number,
    code: string,
    message: string,
    requestId: string | null,
    retrySafe: boolean,
    now: number,
  ): void {
    this.statements.failed.run(code, message, requestId, retrySafe ? 1 : 0, now, jobId, rowNo);
  }

  /** pending/sending → held (or skipped, or cancelled with the job) until `until`. */
  hold(
    jobId: number,
    rowNo: number,
    state: HoldState,
    reason: HoldReason,
    until: number,
    code: string | null,
    message: string | null,
    now: number,
  ): void {
    this.statements.hold.run(state, reason, until, code, message, now, jobId, rowNo);
  }

  /** held → pending, for rows whose time has come. Returns them. */
  releaseDue(jobId: number, now: number): PendingRow[] {
    return this.statements.releaseDue.all(now, jobId, now) as PendingRow[];
  }

  /** sending → unknown, for a job's rows left `sending` with nothing in flight. */
  orphansUnknown(jobId: number, code: string, now: number): number[] {
    return (this.statements.orphansUnknown.all(code, now, jobId) as { rowNo: number }[]).map(
      (r) => r.rowNo,
    );
  }

  /** pending/held → skipped: the number is on the do-not-send list. */
  optedOut(jobId: number, rowNo: number, now: number): void {
    this.statements.optedOut.run(now, jobId, rowNo);
  }

  /**
   * A new job's rows whose number is on the do-not-send list are skipped before pre-flight:
   * every row, or those numbered from `lo` up to (not including) `hi`.
   */
  optedOutAtCreate(
    jobId: number,
    sdkAppId: string,
    now: number,
    lo = 0,
    hi: number | null = null,
  ): number {
    const below = hi ?? Number.MAX_SAFE_INTEGER;
    return this.statements.optedOutAtCreate.run(now, jobId, lo, below, sdkAppId).changes;
  }

  /** pending → cancelled, for the rows of a called-back request of a cancelled job. */
  cancelPendingIn(jobId: number, rowNos: readonly number[], now: number): number {
    return this.statements.cancelPendingIn.run(now, jobId, JSON.stringify(rowNos)).changes;
  }

  // ------------------------------------------------------------- the service's transitions

  /** sending → unknown, for every job (crash recovery). */
  everySendingUnknown(code: string, now: number): number {
    return this.statements.everySendingUnknown.run(code, now).changes;
  }

  /** held → cancelled: the user chose not to wait for these numbers (the job goes on). */
  cancelHeldIn(jobId: number, rowNos: readonly number[], now: number): number {
    return this.statements.cancelHeldIn.run(now, jobId, JSON.stringify(rowNos)).changes;
  }

  /** pending/held → cancelled: a cancelled job sends nothing more. */
  cancelOpen(jobId: number, now: number): void {
    this.statements.cancelOpen.run(now, jobId);
  }

  /** `cancelOpen` for the rows numbered from `lo` up to (not including) `hi` (null: the end). */
  cancelOpenIn(jobId: number, lo: number, hi: number | null, now: number): void {
    this.statements.cancelOpenIn.run(now, jobId, lo, hi ?? Number.MAX_SAFE_INTEGER);
  }

  /** failed → pending for every row safe to send again numbered from `lo` up to `hi`. */
  retrySafeToPendingIn(jobId: number, lo: number, hi: number | null, now: number): number {
    const below = hi ?? Number.MAX_SAFE_INTEGER;
    return this.statements.retrySafeToPendingIn.run(now, jobId, lo, below).changes;
  }

  /** failed/unknown → pending: the user's retry or explicit re-send. */
  backToPending(jobId: number, rowNos: readonly number[], from: RowState, now: number): number {
    let n = 0;
    for (const rowNo of rowNos)
      n += this.statements.backToPending.run(now, jobId, rowNo, from).changes;
    return n;
  }

  /** unknown → sent: Tencent's records show the send. False when the row was no longer unknown. */
  confirmSent(
    jobId: number,
    rowNo: number,
    message: string,
    serialNo: string,
    sentAt: number,
    now: number,
  ): boolean {
    return (
      this.statements.confirmSent.run(message, serialNo, sentAt, now, now, jobId, rowNo).changes ===
      1
    );
  }
}
