import {
  jobOptionsSchema,
  ROW_STATES,
  type JobOptions,
  type JobRow,
  type JobStatus,
  type JobSummary,
  type RowState,
  type StateCounts,
} from '../../../shared/api/outbox';
import type { TemplateKind } from '../../../shared/domain';
import type { Db } from '../store/db';
import type { JournalReads } from './read-model';

/** What a job's summary says of its rows. */
export interface JobTally {
  counts: StateCounts;
  feeTotal: number;
  recentDuplicates: number;
}

export interface JobRecord {
  id: number;
  idempotencyKey: string;
  kind: 'direct' | 'batch';
  sdkAppId: string;
  templateId: string;
  templateContent: string;
  templateKind: TemplateKind;
  signName: string | null;
  options: JobOptions;
  status: JobStatus;
  pausedReason: 'user' | 'interrupted' | 'error' | null;
  lastErrorCode: string | null;
  total: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  scheduledAt: number | null;
  scheduleMissedAt: number | null;
}

interface JobDbRow {
  id: number;
  idempotency_key: string;
  kind: string;
  sdk_app_id: string;
  template_id: string;
  template_content: string;
  template_kind: string;
  sign_name: string | null;
  options: string;
  status: string;
  paused_reason: string | null;
  last_error_code: string | null;
  total: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  scheduled_at: number | null;
  schedule_missed_at: number | null;
}

export interface RowDbRow {
  job_id: number;
  row_no: number;
  phone: string;
  params: string;
  rendered: string;
  state: RowState;
  held_reason: string | null;
  code: string | null;
  message: string | null;
  serial_no: string | null;
  fee: number | null;
  attempts: number;
  not_before: number | null;
  request_id: string | null;
  session_context: string | null;
  retry_safe: number;
  attempted_at: number | null;
  sent_at: number | null;
  reconciled_at: number | null;
  recent_send_at: number | null;
}

export const emptyCounts = (): StateCounts => ({
  pending: 0,
  held: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  unknown: 0,
  skipped: 0,
  cancelled: 0,
});

const toJob = (r: JobDbRow): JobRecord => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  kind: r.kind as JobRecord['kind'],
  sdkAppId: r.sdk_app_id,
  templateId: r.template_id,
  templateContent: r.template_content,
  templateKind: r.template_kind as TemplateKind,
  signName: r.sign_name,
  options: jobOptionsSchema.parse(JSON.parse(r.options)),
  status: r.status as JobStatus,
  pausedReason: r.paused_reason as JobRecord['pausedReason'],
  lastErrorCode: r.last_error_code,
  total: r.total,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
  scheduledAt: r.scheduled_at,
  scheduleMissedAt: r.schedule_missed_at,
});

export const toJobRow = (r: RowDbRow): JobRow => ({
  rowNo: r.row_no,
  phone: r.phone,
  params: JSON.parse(r.params) as string[],
  state: r.state,
  heldReason: r.held_reason as JobRow['heldReason'],
  code: r.code,
  message: r.message,
  serialNo: r.serial_no,
  fee: r.fee,
  attempts: r.attempts,
  notBefore: r.not_before,
  requestId: r.request_id,
  sessionContext: r.session_context,
  rendered: r.rendered,
  retrySafe: r.retry_safe === 1,
  attemptedAt: r.attempted_at,
  sentAt: r.sent_at,
  reconciledAt: r.reconciled_at,
  recentSend: r.recent_send_at === null ? null : { at: r.recent_send_at },
});

/** SQL for jobs and rows (row states are written by row-states.ts). Callers own transactions. */
export class OutboxRepo {
  /** Every read of rows goes through the journal's read model, which folds first. */
  constructor(
    readonly db: Db,
    private readonly reads: JournalReads,
  ) {}

  jobById(id: number): JobRecord | undefined {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobDbRow | undefined;
    return r ? toJob(r) : undefined;
  }

  jobByKey(key: string): JobRecord | undefined {
    const r = this.db.prepare('SELECT * FROM jobs WHERE idempotency_key = ?').get(key) as
      JobDbRow | undefined;
    return r ? toJob(r) : undefined;
  }

  listJobs(
    offset: number,
    limit: number,
    status?: JobStatus,
  ): { jobs: JobRecord[]; total: number } {
    const where = status ? 'WHERE status = ?' : '';
    const args = status ? [status] : [];
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM jobs ${where}`).get(...args) as { n: number }
    ).n;
    const jobs = (
      this.db
        .prepare(`SELECT * FROM jobs ${where} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(...args, limit, offset) as JobDbRow[]
    ).map(toJob);
    return { jobs, total };
  }

  setStatus(
    id: number,
    status: JobStatus,
    now: number,
    extra: { pausedReason?: JobRecord['pausedReason']; lastErrorCode?: string | null } = {},
  ): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, paused_reason = ?, last_error_code = COALESCE(?, last_error_code),
           updated_at = ?,
           started_at = CASE WHEN ? = 'running' THEN COALESCE(started_at, ?) ELSE started_at END,
           finished_at = CASE WHEN ? IN ('finished', 'cancelled') THEN ? ELSE NULL END
         WHERE id = ?`,
      )
      .run(
        status,
        extra.pausedReason ?? null,
        extra.lastErrorCode ?? null,
        now,
        status,
        now,
        status,
        now,
        id,
      );
  }

  counts(jobId: number): StateCounts {
    return this.tally(jobId).counts;
  }

  /**
   * Row counts by state, fees and re-send warnings of a job: one scan of its rows, or of the
   * rows numbered from `lo` up to (not including) `hi`.
   */
  tally(jobId: number, lo?: number, hi?: number | null): JobTally {
    this.reads.foldJournal();
    const counts = emptyCounts();
    let feeTotal = 0;
    let recentDuplicates = 0;
    const range =
      lo === undefined ? '' : hi == null ? ' AND row_no >= ?' : ' AND row_no >= ? AND row_no < ?';
    const args = lo === undefined ? [jobId] : hi == null ? [jobId, lo] : [jobId, lo, hi];
    for (const r of this.db
      .prepare(
        `SELECT state, COUNT(*) AS n, COALESCE(SUM(fee), 0) AS fee,
                SUM(recent_send_at IS NOT NULL) AS dup
         FROM job_rows WHERE job_id = ?${range} GROUP BY state`,
      )
      .all(...args) as { state: RowState; n: number; fee: number; dup: number }[]) {
      if ((ROW_STATES as readonly string[]).includes(r.state)) counts[r.state] = r.n;
      feeTotal += r.fee;
      recentDuplicates += r.dup;
    }
    return { counts, feeTotal, recentDuplicates };
  }

  /** `tally`: the running job's own figures, when it keeps them (no scan then). */
  summary(job: JobRecord, tally: JobTally = this.tally(job.id)): JobSummary {
    const { counts, feeTotal, recentDuplicates } = tally;
    return {
      id: job.id,
      kind: job.kind,
      status: job.status,
      pausedReason: job.pausedReason,
      lastErrorCode: job.lastErrorCode,
      sdkAppId: job.sdkAppId,
      templateId: job.templateId,
      templateContent: job.templateContent,
      templateKind: job.templateKind,
      signName: job.signName,
      options: job.options,
      total: job.total,
      counts,
      recentDuplicates,
      feeTotal,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      updatedAt: job.updatedAt,
      scheduledAt: job.scheduledAt,
      scheduleMissedAt: job.scheduleMissedAt,
    };
  }

  rows(
    jobId: number,
    states: readonly RowState[] | undefined,
    offset: number,
    limit: number,
    retrySafeOnly = false,
  ): { items: JobRow[]; total: number } {
    this.reads.foldJournal();
    const filter = states && states.length > 0;
    const where =
      (filter
        ? 'WHERE job_id = ? AND state IN (SELECT value FROM json_each(?))'
        : 'WHERE job_id = ?') + (retrySafeOnly ? ' AND retry_safe = 1' : '');
    const args: unknown[] = filter ? [jobId, JSON.stringify(states)] : [jobId];
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM job_rows ${where}`).get(...args) as { n: number }
    ).n;
    const items = (
      this.db
        .prepare(`SELECT * FROM job_rows ${where} ORDER BY row_no LIMIT ? OFFSET ?`)
        .all(...args, limit, offset) as RowDbRow[]
    ).map(toJobRow);
    return { items, total };
  }

  /**
   * Rows of some states (or only retry-safe ones) among a job's rows numbered in [lo, hi) (hi
   * null: to the end): how many, and up to `limit` of them from the `skip`-th on. A slice of a
   * filtered page (OutboxService.rowsPage); the caller folds the journal first.
   */
  filteredIn(
    jobId: number,
    states: readonly RowState[] | undefined,
    retrySafeOnly: boolean,
    lo: number,
    hi: number | null,
    skip: number,
    limit: number,
  ): { count: number; items: JobRow[] } {
    const filter = states && states.length > 0;
    const where =
      'WHERE job_id = ? AND row_no >= ?' +
      (hi === null ? '' : ' AND row_no < ?') +
      (filter ? ' AND state IN (SELECT value FROM json_each(?))' : '') +
      (retrySafeOnly ? ' AND retry_safe = 1' : '');
    const args: unknown[] = [jobId, lo];
    if (hi !== null) args.push(hi);
    if (filter) args.push(JSON.stringify(states));
    const count = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM job_rows ${where}`).get(...args) as { n: number }
    ).n;
    if (limit <= 0 || skip >= count) return { count, items: [] };
    const items = (
      this.db
        .prepare(`SELECT * FROM job_rows ${where} ORDER BY row_no LIMIT ? OFFSET ?`)
        .all(...args, limit, skip) as RowDbRow[]
    ).map(toJobRow);
    return { count, items };
  }

  /** `limit` rows of a job from row number `fromRowNo` on, skipping the first `skip` of them. */
  rowsFrom(jobId: number, fromRowNo: number, skip: number, limit: number): JobRow[] {
    this.reads.foldJournal();
    return (
      this.db
        .prepare(
          'SELECT * FROM job_rows WHERE job_id = ? AND row_no >= ? ORDER BY row_no LIMIT ? OFFSET ?',
        )
        .all(jobId, fromRowNo, limit, skip) as RowDbRow[]
    ).map(toJobRow);
  }

  rowsIn(jobId: number, state: RowState, rowNos?: readonly number[]): RowDbRow[] {
    this.reads.foldJournal();
    if (rowNos) {
      return this.db
        .prepare(
          `SELECT * FROM job_rows WHERE job_id = ? AND state = ?
           AND row_no IN (SELECT value FROM json_each(?)) ORDER BY row_no`,
        )
        .all(jobId, state, JSON.stringify(rowNos)) as RowDbRow[];
    }
    return this.db
      .prepare('SELECT * FROM job_rows WHERE job_id = ? AND state = ? ORDER BY row_no')
      .all(jobId, state) as RowDbRow[];
  }
}
