import type { RememberedMapping } from './decide';
import type { Db } from '../store/db';
import type {
  ImportDelimiter,
  ImportEncoding,
  ImportFilter,
  ImportMapping,
  ImportRow,
  ImportRowStatus,
  ImportSummary,
} from '../../../shared/api/imports';
import { RowStatus, type CheckedRow, type RowCounts } from './validate';
import { BLOCK_ROWS, BlockWriter, RS, decodeBlock, encodeRow, type StoredRow } from './row-blocks';
import { parsedOptions, toSummary, type ImportDbRow } from './import-record';

export { BLOCK_ROWS } from './row-blocks';

export interface ImportHeader {
  fileName: string;
  path: string;
  sizeBytes: number;
  kind: 'text' | 'xlsx';
  encoding: ImportEncoding | null;
  delimiter: ImportDelimiter | null;
  headerRow: number;
  sheet: string | null;
  columns: string[];
  templateId: string | null;
  mapping: ImportMapping;
  international: boolean;
}

const STATUS_NAMES: ImportRowStatus[] = ['ok', 'problem', 'duplicate', 'samePhone'];

/** A row ready to send, as the outbox reads it. */
export interface ValidImportRow {
  seq: number;
  rowNumber: number;
  phone: string;
  params: string[];
  cells: string[];
  /** Same phone as another row with other variables: sendable, flagged for the user. */
  samePhone: boolean;
}

/** Rows for `import.rows` filters that are a status; `held` comes from the ledger. */
const FILTER_STATUS: Partial<Record<ImportFilter, number>> = {
  problems: RowStatus.Problem,
  duplicates: RowStatus.Duplicate,
  samePhone: RowStatus.SamePhone,
};

const toImportRow = (r: CheckedRow): ImportRow => ({
  rowNumber: r.rowNumber,
  cells: r.cells,
  phone: r.phone,
  params: r.params,
  status: STATUS_NAMES[r.status] ?? 'problem',
  issues: r.issues ?? [],
  duplicateOf: r.duplicateOf,
});

export class ImportsRepo {
  private readonly insertBlock;
  private readonly insertFlag;

  constructor(private readonly db: Db) {
    this.insertBlock = db.prepare(
      'INSERT OR REPLACE INTO import_blocks (import_id, block, rows) VALUES (?, ?, ?)',
    );
    this.insertFlag = db.prepare(
      'INSERT OR REPLACE INTO import_flagged (import_id, status, seq, row) VALUES (?, ?, ?, ?)',
    );
  }

  create(h: ImportHeader, now: number): number {
    const r = this.db
      .prepare(
        `INSERT INTO imports (file_name, path, size_bytes, kind, encoding, delimiter, header_row, sheet, columns,
           template_id, mapping, international, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'parsing', ?, ?)`,
      )
      .run(
        h.fileName,
        h.path,
        h.sizeBytes,
        h.kind,
        h.encoding,
        h.delimiter,
        h.headerRow,
        h.sheet,
        JSON.stringify(h.columns),
        h.templateId,
        JSON.stringify(h.mapping),
        h.international ? 1 : 0,
        now,
        now,
      );
    return Number(r.lastInsertRowid);
  }

  writer(importId: number, firstBlock = 0): BlockWriter {
    return new BlockWriter(this, importId, firstBlock);
  }

  writeBlocks(importId: number, firstBlock: number, blocks: string[], flags: CheckedRow[]): void {
    this.db.transaction(() => {
      blocks.forEach((b, i) => this.insertBlock.run(importId, firstBlock + i, b));
      for (const r of flags)
        this.insertFlag.run(importId, r.status, r.seq, JSON.stringify(toImportRow(r)));
    })();
  }

  readBlock(importId: number, block: number): StoredRow[] {
    const r = this.db
      .prepare('SELECT rows FROM import_blocks WHERE import_id = ? AND block = ?')
      .get(importId, block) as { rows: string } | undefined;
    return r ? decodeBlock(r.rows) : [];
  }

  blockCount(importId: number): number {
    return (
      this.db
        .prepare('SELECT count(*) AS n FROM import_blocks WHERE import_id = ?')
        .get(importId) as { n: number }
    ).n;
  }

  clearFlags(importId: number): void {
    this.db.prepare('DELETE FROM import_flagged WHERE import_id = ?').run(importId);
  }

  /**
   * First rows that share their phone with other variables, known only at the end: their
   * blocks are rewritten and they join the flagged rows. `paramsOf` derives the variables.
   */
  flagSamePhone(
    importId: number,
    seqs: readonly number[],
    paramsOf: (cells: string[]) => string[],
  ): void {
    if (seqs.length === 0) return;
    const byBlock = new Map<number, number[]>();
    for (const s of seqs) {
      const b = Math.floor(s / BLOCK_ROWS);
      const list = byBlock.get(b) ?? [];
      list.push(s);
      byBlock.set(b, list);
    }
    this.db.transaction(() => {
      for (const [b, list] of byBlock) {
        const rows = this.readBlock(importId, b);
        for (const s of list) {
          const row = rows[s - b * BLOCK_ROWS];
          if (!row || row.status !== RowStatus.Ok) continue;
          row.status = RowStatus.SamePhone;
          const full: ImportRow = {
            rowNumber: row.rowNumber,
            cells: row.cells,
            phone: row.phone,
            params: paramsOf(row.cells),
            status: 'samePhone',
            issues: [],
            duplicateOf: null,
          };
          this.insertFlag.run(importId, RowStatus.SamePhone, s, JSON.stringify(full));
        }
        this.insertBlock.run(importId, b, rows.map(encodeRow).join(RS));
      }
    })();
  }

  finish(importId: number, counts: RowCounts, now: number): void {
    this.db
      .prepare(
        `UPDATE imports SET state = 'ready', total = ?, valid = ?, problems = ?, duplicates_removed = ?,
           same_phone = ?, same_phone_phones = ?, empty_codes = ?, distinct_phones = ?, updated_at = ?
           WHERE id = ?`,
      )
      .run(
        counts.total,
        counts.valid,
        counts.problems,
        counts.duplicatesRemoved,
        counts.samePhoneDifferentParams,
        counts.samePhonePhones,
        counts.emptyCodes,
        counts.distinctPhones,
        now,
        importId,
      );
  }

  setMapping(
    importId: number,
    templateId: string | null,
    mapping: ImportMapping,
    international: boolean,
    now: number,
  ): void {
    this.db
      .prepare(
        'UPDATE imports SET template_id = ?, mapping = ?, international = ?, updated_at = ? WHERE id = ?',
      )
      .run(templateId, JSON.stringify(mapping), international ? 1 : 0, now, importId);
  }

  setEncoding(importId: number, encoding: string | null): void {
    this.db.prepare('UPDATE imports SET encoding = ? WHERE id = ?').run(encoding, importId);
  }

  delete(importId: number): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM import_blocks WHERE import_id = ?').run(importId);
      this.clearFlags(importId);
      return this.db.prepare('DELETE FROM imports WHERE id = ?').run(importId).changes > 0;
    })();
  }

  /** Imports cut short by a crash mid-parse hold an incomplete row set: drop them. */
  dropUnfinished(): number[] {
    const ids = this.db
      .prepare("SELECT id FROM imports WHERE state = 'parsing'")
      .all()
      .map((r) => (r as { id: number }).id);
    for (const id of ids) this.delete(id);
    return ids;
  }

  header(importId: number): (ImportHeader & { state: string; total: number }) | null {
    const r = this.db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as
      (ImportDbRow & { size_bytes: number }) | undefined;
    if (!r) return null;
    return {
      fileName: r.file_name,
      path: r.path,
      sizeBytes: r.size_bytes,
      ...parsedOptions(r),
      state: r.state,
      total: r.total,
    };
  }

  summary(importId: number): ImportSummary | null {
    const r = this.db
      .prepare("SELECT * FROM imports WHERE id = ? AND state <> 'parsing'")
      .get(importId) as ImportDbRow | undefined;
    return r ? toSummary(r) : null;
  }

  list(): ImportSummary[] {
    return (
      this.db
        .prepare("SELECT * FROM imports WHERE state <> 'parsing' ORDER BY created_at DESC, id DESC")
        .all() as ImportDbRow[]
    ).map(toSummary);
  }

  count(importId: number, filter: ImportFilter): number {
    if (filter === 'all') return this.header(importId)?.total ?? 0;
    const status = FILTER_STATUS[filter];
    if (status === undefined) return 0;
    return (
      this.db
        .prepare('SELECT count(*) AS n FROM import_flagged WHERE import_id = ? AND status = ?')
        .get(importId, status) as { n: number }
    ).n;
  }

  page(
    importId: number,
    filter: ImportFilter,
    offset: number,
    limit: number,
    paramsOf: (cells: string[]) => string[],
  ): ImportRow[] {
    if (filter === 'all') {
      // A page is at most two blocks: no scan, however deep the offset.
      const out: ImportRow[] = [];
      const flaggedSeqs: number[] = [];
      const end = offset + limit;
      for (let b = Math.floor(offset / BLOCK_ROWS); b * BLOCK_ROWS < end; b++) {
        const rows = this.readBlock(importId, b);
        if (rows.length === 0) break;
        const from = Math.max(0, offset - b * BLOCK_ROWS);
        const to = Math.min(rows.length, end - b * BLOCK_ROWS);
        for (let i = from; i < to; i++) {
          const r = rows[i]!;
          if (r.status !== RowStatus.Ok) flaggedSeqs.push(b * BLOCK_ROWS + i);
          out.push({
            rowNumber: r.rowNumber,
            cells: r.cells,
            phone: r.phone,
            params: paramsOf(r.cells),
            status: STATUS_NAMES[r.status] ?? 'problem',
            issues: [],
            duplicateOf: null,
          });
        }
      }
      if (flaggedSeqs.length > 0) {
        // Issues and "duplicate of" live with the flagged rows.
        const lo = flaggedSeqs[0]!;
        const hi = flaggedSeqs[flaggedSeqs.length - 1]!;
        const st = this.db.prepare(
          'SELECT seq, row FROM import_flagged WHERE import_id = ? AND status = ? AND seq BETWEEN ? AND ?',
        );
        for (const status of [RowStatus.Problem, RowStatus.Duplicate, RowStatus.SamePhone])
          for (const f of st.all(importId, status, lo, hi) as { seq: number; row: string }[]) {
            const target = out[f.seq - offset];
            if (!target) continue;
            const full = JSON.parse(f.row) as ImportRow;
            target.issues = full.issues;
            target.duplicateOf = full.duplicateOf;
          }
      }
      return out;
    }
    const status = FILTER_STATUS[filter];
    if (status === undefined) return [];
    return (
      this.db
        .prepare(
          'SELECT row FROM import_flagged WHERE import_id = ? AND status = ? ORDER BY seq LIMIT ? OFFSET ?',
        )
        .all(importId, status, limit, offset) as { row: string }[]
    ).map((r) => JSON.parse(r.row) as ImportRow);
  }

  /** The first rows' cells, for guessing a mapping again. */
  sampleCells(importId: number, n: number): string[][] {
    return this.readBlock(importId, 0)
      .slice(0, n)
      .map((r) => r.cells);
  }

  /** The mapping of this template's last import, with the titles and sheet of that file. */
  rememberMapping(
    templateId: string,
    mapping: ImportMapping,
    learnedFrom: { headers: string[] | null; sheet: string | null },
    now: number,
  ): void {
    this.db
      .prepare(
        `INSERT INTO import_mappings (template_id, mapping, headers, options, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (template_id) DO UPDATE SET mapping = excluded.mapping,
           headers = excluded.headers, options = excluded.options, updated_at = excluded.updated_at`,
      )
      .run(
        templateId,
        JSON.stringify(mapping),
        JSON.stringify(learnedFrom.headers),
        JSON.stringify({ sheet: learnedFrom.sheet }),
        now,
      );
  }

  rememberedMapping(templateId: string): RememberedMapping | null {
    const r = this.db
      .prepare('SELECT mapping, headers, options FROM import_mappings WHERE template_id = ?')
      .get(templateId) as { mapping: string; headers: string | null; options: string } | undefined;
    if (!r) return null;
    const options = JSON.parse(r.options) as { sheet?: string | null };
    return {
      mapping: JSON.parse(r.mapping) as ImportMapping,
      // Learned before titles were kept: never matches a file, so only a suggestion.
      headers: r.headers === null ? ['\u0000'] : (JSON.parse(r.headers) as string[] | null),
      sheet: options.sheet ?? null,
    };
  }
}
