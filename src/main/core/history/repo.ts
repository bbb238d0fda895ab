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

function where(filter: HistoryFilter): { sql: string; params: unknown[] } {
  // Only jobs that were started: a draft cancelled at the confirmation never sent anything.
  const parts = ['j.started_at IS NOT NULL'];
  const params: unknown[] = [];
  if (filter.phone) {
    const needle = phoneNeedle(filter.phone);
    if (needle !== '') {
      parts.push("r.phone LIKE ? ESCAPE '\\'");
      params.push(`%${needle}%`);
    }
  }
  if (filter.templateId) {
    parts.push('j.template_id = ?');
    params.push(filter.templateId);
  }
  if (filter.from !== undefined) {
    parts.push(`${AT} >= ?`);
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    parts.push(`${AT} <= ?`);
    params.push(filter.to);
  }
  if (filter.delivery && filter.delivery.length > 0) {
    parts.push(`(${DELIVERY_EXPR}) IN (${filter.delivery.map(() => '?').join(', ')})`);
    params.push(...filter.delivery);
  }
  if (filter.states && filter.states.length > 0) {
    parts.push(`r.state IN (${filter.states.map(() => '?').join(', ')})`);
    params.push(...filter.states);
  }
  return { sql: parts.join(' AND '), params };
}

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
    const rows = this.db
      .prepare(
        `SELECT r.job_id, r.row_no, ${AT} AS at, r.phone, j.template_id, t.name AS template_name,
           j.sign_name, r.rendered, r.state, r.code, r.serial_no, r.fee,
           ${DELIVERY_EXPR} AS delivery, x.description AS receipt_description,
           x.received_at AS receipt_at
         FROM job_rows r
         JOIN jobs j ON j.id = r.job_id
         LEFT JOIN templates t ON t.template_id = j.template_id
         ${RECEIPT_JOIN}
         WHERE ${w.sql}
         ORDER BY at DESC, r.job_id DESC, r.row_no DESC
         LIMIT ? OFFSET ?`,
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
