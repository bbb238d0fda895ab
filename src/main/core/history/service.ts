import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryFilter, HistoryRow } from '../../../shared/api/history';
import { BEIJING_OFFSET_MS } from '../../../shared/domain';
import { toCsv } from '../../../shared/csv';
import { formatPhone } from '../../../shared/phone';
import { describeTencentCode } from '../../../shared/tencent-errors';
import type { Clock } from '../clock';
import type { Db } from '../store/db';
import { HistoryRepo } from './repo';

/** Beijing wall-clock time, the way the shop owner reads it: 2026-11-27 09:30:05. */
export function beijingTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const STATE_ZH: Record<string, string> = {
  pending: '排队中',
  held: '等待中',
  sending: '发送中',
  sent: '已发送',
  failed: '失败',
  unknown: '结果未知',
  skipped: '已跳过',
  cancelled: '已取消',
};

const HEADER = [
  '时间（北京时间）',
  '号码',
  '模板 ID',
  '模板',
  '签名',
  '内容',
  '状态',
  '代码',
  '说明',
  '流水号',
  '计费条数',
  '送达回执',
];

function csvRecord(r: HistoryRow): (string | number)[] {
  const codeText = r.code && r.code !== 'Ok' ? describeTencentCode(r.code).zh : '';
  return [
    beijingTime(r.at),
    formatPhone(r.phone),
    r.templateId,
    r.templateName,
    r.signName,
    r.text,
    STATE_ZH[r.state] ?? r.state,
    r.code,
    codeText,
    r.serialNo,
    r.fee,
    r.receipt ? r.receipt.description || r.receipt.status : '',
  ];
}

/** Every send the outbox made, from the local journal, searchable and exportable. */
export class HistoryService {
  readonly repo: HistoryRepo;

  constructor(private readonly deps: { db: Db; clock: Clock; dataDir: string }) {
    this.repo = new HistoryRepo(deps.db);
  }

  list(
    filter: HistoryFilter,
    offset: number,
    limit: number,
  ): { rows: HistoryRow[]; total: number } {
    return { rows: this.repo.list(filter, offset, limit), total: this.repo.count(filter) };
  }

  /** Writes the filtered list to `<dataDir>/exports/` (CSV, UTF-8 with BOM for Excel). */
  export(filter: HistoryFilter): { path: string; count: number } {
    const dir = join(this.deps.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    const stamp = beijingTime(this.deps.clock.now())
      .replace(/[-: ]/g, '')
      .replace(/^(\d{8})/, '$1-');
    const path = join(dir, `history-${stamp}.csv`);
    const records: (string | number)[][] = [];
    const PAGE = 5000;
    for (let offset = 0; ; offset += PAGE) {
      const rows = this.repo.list(filter, offset, PAGE);
      for (const r of rows) records.push(csvRecord(r));
      if (rows.length < PAGE) break;
    }
    writeFileSync(path, toCsv(HEADER, records), 'utf8');
    return { path, count: records.length };
  }
}
