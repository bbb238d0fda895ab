import type { Db } from '../store/db';
import type { HistoryFilter, HistoryRow } from '../../../shared/api/history';
import { DELIVERY_EXPR, RECEIPT_HORIZON_MS, RECEIPT_JOIN } from '../inbound/receipt-sql';

/** The bound parameter DELIVERY_EXPR reads (`@expiredBefore`), given first. */
const expiry = (now: number) => ({ expiredBefore: now - RECEIPT_HORIZON_MS });

interface Row {
  job_id: number;
  row_no: number;
  at: number;
  phone: string;
  template_id: string;
  template_name: string | null;
  sign_name: string | null;
  rendered: string;
  state: string;
  code: string | null;
  serial_no: string | null;
  fee: number | null;
  delivery: string | null;
  receipt_description: string | null;
  receipt_at: number | null;
}

/**
 * When a row happened: sent, else last attempted, else its last change (queued, held,
 * cancelled). Indexed by migration 0600 with exactly this expression.
 */
const AT = 'COALESCE(r.sent_at, r.attempted_at, r.updated_at)';

/**
 * Digits a user may type to find a number: "138 1234", "+86 138…", "0086…" all search the
 * national part, since numbers are stored as E.164.
 */
export function phoneNeedle(input: string): string {
  let d = input.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const plus = /^\s*[+＋]/.test(d);
  d = d.replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (plus && d.startsWith('86')) d = d.slice(2);
  else if (d.startsWith('86') && d.length >= 13) d = d.slice(2);
  return d;
}

interface Where {
  sql: string;
  params: unknown[];
  /**
   * Conditions on the row alone, its job only by id (`r.job_id IN (…)`) and no receipt: a query
   * with just these can count over, and walk, the row indexes without reading every row's job
   * and receipt (null when the filter needs the receipt: the delivery filter).
   */
  rowsOnly: { sql: string; walkSql: string; params: unknown[] } | null;
}

const startedJobs = (jobParts: string[]): string =>
  `SELECT j.id FROM jobs j WHERE ${jobParts.join(' AND ')}`;

function where(filter: HistoryFilter): Where {
  // Only jobs that were started: a draft cancelled at the confirmation never sent anything.
  const jobParts = ['j.started_at IS NOT NULL'];
  const jobParams: unknown[] = [];
  const rowParts: string[] = [];
  const rowParams: unknown[] = [];
  if (filter.phone) {
    const needle = phoneNeedle(filter.phone);
    if (needle !== '') {
      rowParts.push("r.phone LIKE ? ESCAPE '\\'");
      rowParams.push(`%${needle}%`);
    }
  }
  if (filter.templateId) {
    jobParts.push('j.template_id = ?');
    jobParams.push(filter.templateId);
  }
  if (filter.from !== undefined) {
    rowParts.push(`${AT} >= ?`);
    rowParams.push(filter.from);
  }
  if (filter.to !== undefined) {
    rowParts.push(`${AT} <= ?`);
    rowParams.push(filter.to);
  }
  if (filter.states && filter.states.length > 0) {
    rowParts.push(`r.state IN (${filter.states.map(() => '?').join(', ')})`);
    rowParams.push(...filter.states);
  }
  const delivery = filter.delivery && filter.delivery.length > 0 ? filter.delivery : null;
  const parts = [...jobParts, ...rowParts];
  const params = [...jobParams, ...rowParams];
  if (delivery) {
    parts.push(`(${DELIVERY_EXPR}) IN (${delivery.map(() => '?').join(', ')})`);
    params.push(...delivery);
  }
  return {
    sql: parts.join(' AND '),
    params,
    rowsOnly: delivery
      ? null
      : {
          sql: [`r.job_id IN (${startedJobs(jobParts)})`, ...rowParts].join(' AND '),
          // `+`: not by the primary key, so the walk newest first stays on the history index
          // (which holds job_id: the rows skipped are never read).
          walkSql: [`+r.job_id IN (${startedJobs(jobParts)})`, ...rowParts].join(' AND '),
          params: [...jobParams, ...rowParams],
        },
  };
}

/** A history row with its template's name and its receipt; the caller adds WHERE. */
const FULL_ROW = `SELECT r.job_id, r.row_no, ${AT} AS at, r.phone, j.template_id,
    t.name AS template_name, j.sign_name, r.rendered, r.state, r.code, r.serial_no, r.fee,
    ${DELIVERY_EXPR} AS delivery, x.description AS receipt_description, x.received_at AS receipt_at
  FROM job_rows r
  JOIN jobs j ON j.id = r.job_id
  LEFT JOIN templates t ON t.template_id = j.template_id
  ${RECEIPT_JOIN}`;

const toHistoryRow = (r: Row): HistoryRow => ({
  id: `${r.job_id}:${r.row_no}`,
  jobId: String(r.job_id),
  at: r.at,
  phone: r.phone,
  templateId: r.template_id,
  templateName: r.template_name ?? '',
  signName: r.sign_name ?? '',
  text: r.rendered,
  state: r.state,
  code: r.code ?? '',
  serialNo: r.serial_no ?? '',
  fee: r.fee ?? 0,
  receipt:
    r.delivery === null
      ? null
      : { status: r.delivery, description: r.receipt_description ?? '', at: r.receipt_at },
});

/**
 * Read-only queries over the outbox's jobs and rows (migration 0400). Callers read through the
 * send journal's read model (HistoryService), so the rows are folded first.
 */
export class HistoryRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = () => Date.now(),
  ) {}

  count(filter: HistoryFilter): number {
    const w = where(filter);
    if (w.rowsOnly) {
      // A row has at most one receipt (its primary key), so leaving the join out counts the same.
      return (
        this.db
          .prepare(`SELECT COUNT(*) AS n FROM job_rows r WHERE ${w.rowsOnly.sql}`)
          .get(...w.rowsOnly.params) as { n: number }
      ).n;
    }
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM job_rows r JOIN jobs j ON j.id = r.job_id ${RECEIPT_JOIN}
           WHERE ${w.sql}`,
        )
        .get(expiry(this.now()), ...w.params) as { n: number }
    ).n;
  }

  /** Newest first; ties broken by job and row so paging is stable. */
  list(filter: HistoryFilter, offset: number, limit: number): HistoryRow[] {
    const w = where(filter);
    if (w.rowsOnly) {
      // The page's keys first, walking the history index alone (the rows skipped by OFFSET are
      // never read with their jobs and receipts), then those rows in full.
      const keys = this.db
        .prepare(
          `SELECT r.job_id, r.row_no FROM job_rows r WHERE ${w.rowsOnly.walkSql}
           ORDER BY ${AT} DESC, r.job_id DESC, r.row_no DESC LIMIT ? OFFSET ?`,
        )
        .raw()
        .all(...w.rowsOnly.params, limit, offset) as [number, number][];
      const one = this.db.prepare(`${FULL_ROW} WHERE r.job_id = ? AND r.row_no = ?`);
      const at = expiry(this.now());
      return keys.map(([jobId, rowNo]) => toHistoryRow(one.get(at, jobId, rowNo) as Row));
    }
    const rows = this.db
      .prepare(
        `${FULL_ROW} WHERE ${w.sql}
         ORDER BY at DESC, r.job_id DESC, r.row_no DESC LIMIT ? OFFSET ?`,
      )
      .all(expiry(this.now()), ...w.params, limit, offset) as Row[];
    return rows.map(toHistoryRow);
  }

  /**
   * Every row of `list`'s order, read one at a time by a single statement: an export of a
   * million rows holds one row in memory and never re-scans for an OFFSET.
   */
  *each(filter: HistoryFilter): Generator<HistoryRow> {
    const w = where(filter);
    const stmt = this.db.prepare(
      `SELECT r.job_id, r.row_no, ${AT} AS at, r.phone, j.template_id, t.name AS template_name,
         j.sign_name, r.rendered, r.state, r.code, r.serial_no, r.fee,
         ${DELIVERY_EXPR} AS delivery, x.description AS receipt_description,
         x.received_at AS receipt_at
       FROM job_rows r
       JOIN jobs j ON j.id = r.job_id
       LEFT JOIN templates t ON t.template_id = j.template_id
       ${RECEIPT_JOIN}
       WHERE ${w.sql}
       ORDER BY at DESC, r.job_id DESC, r.row_no DESC`,
    );
    for (const r of stmt.iterate(expiry(this.now()), ...w.params) as Iterable<Row>)
      yield toHistoryRow(r);
  }
}
