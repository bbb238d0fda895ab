import type { HistoryFilter, HistoryRow } from '../../../shared/api/history';
import { BEIJING_OFFSET_MS } from '../../../shared/domain';
import { toCsv } from '../../../shared/csv';
import { yuanText } from '../../../shared/usage/cost';
import { formatPhone } from '../../../shared/phone';
import { describeTencentCode } from '../../../shared/tencent-errors';
import { catalogText, type CatalogLanguage } from '../kernel/catalog';
import type { JournalReads } from '../outbox';
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

function costCell(r: HistoryRow, costOf: CostOf | undefined, language: CatalogLanguage): string {
  if (!costOf || r.state !== 'sent') return '';
  const units = costOf(r.phone, r.fee);
  return units === null ? catalogText(language, 'usage.price.unset') : yuanText(units);
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

/** "已送达 2026-11-27 09:30:08", "未送达 (UNDELIV)", "等待回执", "回执已过期". */
function receiptText(r: NonNullable<HistoryRow['receipt']>, language: CatalogLanguage): string {
  const word = catalogText(language, `inbound.delivery.${r.status}`);
  if (r.status === 'delivered' && r.at) return `${word} ${beijingTime(r.at)}`;
  if (r.status === 'failed' && r.description) return `${word} (${r.description})`;
  return word;
}

/** Every send the outbox made, from the local journal, searchable and exportable. */
export class HistoryService {
  readonly repo: HistoryRepo;

  /** `reads`: the send journal's read model; rows are read only once it is folded. */
  constructor(
    private readonly deps: { db: Db; reads: JournalReads; now?: () => number; costOf?: CostOf },
  ) {
    this.repo = new HistoryRepo(deps.db, deps.now);
  }

  list(
    filter: HistoryFilter,
    offset: number,
    limit: number,
  ): { rows: HistoryRow[]; total: number } {
    return this.deps.reads.read(() => ({
      rows: this.repo.list(filter, offset, limit),
      total: this.repo.count(filter),
    }));
  }

  /** The filtered list as CSV (UTF-8 with BOM for Excel); the caller writes it where asked. */
  csv(filter: HistoryFilter, language: CatalogLanguage = 'zh-CN'): { csv: string; count: number } {
    const records: (string | number)[][] = [];
    const PAGE = 5000;
    this.deps.reads.read(() => {
      for (let offset = 0; ; offset += PAGE) {
        const rows = this.repo.list(filter, offset, PAGE);
        for (const r of rows) records.push(csvRecord(r, language, this.deps.costOf));
        if (rows.length < PAGE) break;
      }
    });
    const header = COLUMNS.map((c) => catalogText(language, `history.csv.${c}`));
    return { csv: toCsv(header, records), count: records.length };
  }
}
