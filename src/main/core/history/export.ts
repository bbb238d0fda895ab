import type { HistoryFilter, HistoryRow } from '../../../shared/api/history';
import { BEIJING_OFFSET_MS } from '../../../shared/domain';
import { CSV_BOM, csvRow } from '../../../shared/csv';
import { rowCost, yuanText, type PriceTable } from '../../../shared/usage/cost';
import { formatPhone } from '../../../shared/phone';
import { describeTencentCode } from '../../../shared/tencent-errors';
import { EXPORT_CHUNK_CHARS, fileSender, type TextSink } from '../files/worker-export';
import { catalogText, type CatalogLanguage } from '../kernel/catalog';
import type { WorkerContext } from '../kernel/worker-protocol';
import type { Db } from '../store/db';
import { HistoryRepo } from './repo';

/** Beijing wall-clock time, the way the shop owner reads it: 2026-11-27 09:30:05. */
export function beijingTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Column order of the export; texts come from `history.csv.*` in the catalogs. */
const COLUMNS = [
  'time',
  'phone',
  'templateId',
  'template',
  'sign',
  'text',
  'state',
  'code',
  'codeText',
  'serial',
  'fee',
  'cost',
  'receipt',
] as const;

/** The same words the History page shows; a state the catalog lacks stays as stored. */
function stateText(state: string, language: CatalogLanguage): string {
  const key = `send.state.${state}`;
  const text = catalogText(language, key);
  return text === key ? state : text;
}

/** Estimated cost of one row in 1/10 000 元; null when its destination has no price. */
export type CostOf = (phone: string, segments: number) => number | null;

/** A price table as a CostOf (a worker gets the table, not a function). */
export const costOfTable =
  (table: PriceTable): CostOf =>
  (phone, segments) =>
    rowCost(phone, segments, table);

function costCell(r: HistoryRow, costOf: CostOf | undefined, language: CatalogLanguage): string {
  if (!costOf || r.state !== 'sent') return '';
  const units = costOf(r.phone, r.fee);
  return units === null ? catalogText(language, 'usage.price.unset') : yuanText(units);
}

/** "已送达 2026-11-27 09:30:08", "未送达 (UNDELIV)", "等待回执", "回执已过期". */
function receiptText(r: NonNullable<HistoryRow['receipt']>, language: CatalogLanguage): string {
  const word = catalogText(language, `inbound.delivery.${r.status}`);
  if (r.status === 'delivered' && r.at) return `${word} ${beijingTime(r.at)}`;
  if (r.status === 'failed' && r.description) return `${word} (${r.description})`;
  return word;
}

function csvRecord(r: HistoryRow, language: CatalogLanguage, costOf?: CostOf): (string | number)[] {
  const described = r.code && r.code !== 'Ok' ? describeTencentCode(r.code) : null;
  return [
    beijingTime(r.at),
    formatPhone(r.phone),
    r.templateId,
    r.templateName,
    r.signName,
    r.text,
    stateText(r.state, language),
    r.code,
    described ? (language === 'en-US' ? described.en : described.zh) : '',
    r.serialNo,
    r.fee,
    costCell(r, costOf, language),
    r.receipt ? receiptText(r.receipt, language) : '',
  ];
}

export interface HistoryExport {
  filter: HistoryFilter;
  language: CatalogLanguage;
  /** The business clock, for receipts that can no longer come. */
  now: number;
  /** Prices for the cost column; null leaves the column empty. */
  prices: PriceTable | null;
}

/**
 * Streams the filtered history as CSV (UTF-8 BOM, formula-safe, the History page's order) to
 * `out`. The rows must be folded from the send journal first: the caller does that. Answers
 * the rows written.
 */
export function writeHistoryCsv(
  db: Db,
  out: TextSink,
  req: Omit<HistoryExport, 'prices'> & { costOf?: CostOf },
): number {
  const header = COLUMNS.map((c) => catalogText(req.language, `history.csv.${c}`));
  let buf = CSV_BOM + csvRow(header);
  let rows = 0;
  for (const r of new HistoryRepo(db, () => req.now).each(req.filter)) {
    buf += csvRow(csvRecord(r, req.language, req.costOf));
    rows++;
    if (buf.length >= EXPORT_CHUNK_CHARS) {
      out.write(buf);
      buf = '';
    }
  }
  out.write(buf);
  return rows;
}

/** The history export, run in a worker thread: it writes the file the main thread opened. */
export const historyWorkerTasks = {
  'history.export': (req: HistoryExport, ctx: WorkerContext): number => {
    const out = fileSender(ctx);
    const rows = writeHistoryCsv(ctx.db, out, {
      filter: req.filter,
      language: req.language,
      now: req.now,
      ...(req.prices ? { costOf: costOfTable(req.prices) } : {}),
    });
    out.end();
    return rows;
  },
};
