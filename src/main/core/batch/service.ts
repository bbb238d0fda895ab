import type { RowState } from '../../../shared/api/outbox';
import { describeTencentCode } from '../../../shared/tencent-errors';
import { AppError } from '../../../shared/errors';
import { catalogText, type CatalogLanguage } from '../kernel/catalog';
import type { Db } from '../store/db';
import { CSV_BOM as BOM, csvRow as csvLine } from '../../../shared/csv';
import { DELIVERY_EXPR, RECEIPT_HORIZON_MS, RECEIPT_JOIN } from '../inbound/receipt-sql';

export type ExportLanguage = CatalogLanguage;

/** Column keys under `batch.export.columns`; the variables go between phone and state. */
const LEAD = ['row', 'phone'] as const;
const TAIL = ['state', 'code', 'codeText', 'fee', 'sentAt', 'serial', 'text'] as const;

/** The same words the batch results table shows; a state the catalog lacks stays as stored. */
function stateText(state: string, language: ExportLanguage): string {
  const key = `batch.state.${state}`;
  const text = catalogText(language, key);
  return text === key ? state : text;
}

interface Row {
  row_no: number;
  phone: string;
  params: string;
  rendered: string;
  state: RowState;
  code: string | null;
  serial_no: string | null;
  fee: number | null;
  sent_at: number | null;
  delivery: string | null;
  receipt_description: string | null;
  receipt_at: number | null;
}

/** Mainland numbers as the user typed them in Excel (13812345678); others stay E.164. */
function phoneCell(e164: string): string {
  return /^\+861\d{10}$/.test(e164) ? e164.slice(3) : e164;
}

/** Beijing wall time, which is what the shop owner reads whatever the machine's zone. */
function beijingTime(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** "已送达 2026-11-27 09:30:08", "未送达 (UNDELIV)", "等待回执", "回执已过期", or empty. */
function receiptCell(r: Row, language: ExportLanguage): string {
  if (r.delivery === null) return '';
  const word = catalogText(language, `inbound.delivery.${r.delivery}`);
  if (r.delivery === 'delivered' && r.receipt_at) return `${word} ${beijingTime(r.receipt_at)}`;
  if (r.delivery === 'failed' && r.receipt_description) return `${word} (${r.receipt_description})`;
  return word;
}

/** Refuses an unknown job before the user is asked where to save its results. */
export function assertJobExists(db: Db, jobId: number): void {
  const job = db.prepare('SELECT id FROM jobs WHERE id = ?').get(jobId);
  if (!job) throw new AppError('job_not_found', 'batch.errors.jobNotFound', { jobId });
}

/** The name the save dialog suggests: the catalog's word for results, the job and the time. */
export function jobExportPrefix(language: ExportLanguage, jobId: number): string {
  return `${catalogText(language, 'batch.export.fileName')}-${jobId}`;
}

/**
 * Writes a job's rows as CSV (BOM, formula-safe) to `out`, streaming from SQLite in row order
 * so memory stays flat for a million rows. Answers the number of rows written.
 */
export function writeJobRows(
  db: Db,
  out: { write(text: string): void },
  opts: {
    jobId: number;
    states?: readonly RowState[];
    language: ExportLanguage;
    /** For the receipt column (a row without one for 7 days reads expired). */
    now?: number;
  },
): number {
  assertJobExists(db, opts.jobId);

  const lang = opts.language;
  const zh = lang === 'zh-CN';
  const states = opts.states && opts.states.length > 0 ? [...new Set(opts.states)] : null;
  const where = states ? `AND state IN (${states.map(() => '?').join(',')})` : '';
  const maxParams = (
    db
      .prepare(
        `SELECT COALESCE(MAX(json_array_length(params)), 0) AS n FROM job_rows WHERE job_id = ? ${where}`,
      )
      .get(opts.jobId, ...(states ?? [])) as { n: number }
  ).n;

  const column = (key: string, params?: Record<string, number>): string =>
    catalogText(lang, `batch.export.columns.${key}`, params);
  const head = [
    ...LEAD.map((k) => column(k)),
    ...Array.from({ length: maxParams }, (_v, i) => column('variable', { n: i + 1 })),
    ...TAIL.map((k) => column(k)),
    catalogText(lang, 'inbound.csv.receipt'),
  ];
  let rows = 0;
  let buf = BOM + csvLine(head);
  const stmt = db.prepare(
    `SELECT r.row_no, r.phone, r.params, r.rendered, r.state, r.code, r.serial_no, r.fee,
       r.sent_at, ${DELIVERY_EXPR} AS delivery, x.description AS receipt_description,
       x.received_at AS receipt_at
     FROM job_rows r JOIN jobs j ON j.id = r.job_id ${RECEIPT_JOIN}
     WHERE r.job_id = ? ${where.replace('state', 'r.state')} ORDER BY r.row_no`,
  );
  const expiry = { expiredBefore: (opts.now ?? Date.now()) - RECEIPT_HORIZON_MS };
  for (const r of stmt.iterate(expiry, opts.jobId, ...(states ?? [])) as Iterable<Row>) {
    const params = JSON.parse(r.params) as string[];
    while (params.length < maxParams) params.push('');
    const described = r.code && r.code !== 'Ok' ? describeTencentCode(r.code) : null;
    buf += csvLine([
      r.row_no,
      phoneCell(r.phone),
      ...params,
      stateText(r.state, lang),
      r.code ?? '',
      described ? (zh ? described.zh : described.en) : '',
      r.fee,
      beijingTime(r.sent_at),
      r.serial_no ?? '',
      r.rendered,
      receiptCell(r, lang),
    ]);
    rows++;
    if (buf.length > 1 << 20) {
      out.write(buf);
      buf = '';
    }
  }
  if (buf) out.write(buf);
  return rows;
}
