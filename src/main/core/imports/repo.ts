import type { Db } from '../store/db';
import type {
  ImportDelimiter,
  ImportEncoding,
  ImportFilter,
  ImportIssue,
  ImportMapping,
  ImportRow,
  ImportRowStatus,
  ImportSummary,
} from '../../../shared/api/imports';
import { RowStatus, type CheckedRow, type RowCounts } from './validate';

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

interface ImportDbRow {
  id: number;
  file_name: string;
  path: string;
  kind: string;
  encoding: string | null;
  delimiter: string | null;
  header_row: number;
  sheet: string | null;
  columns: string;
  template_id: string | null;
  mapping: string;
  international: number;
  state: string;
  total: number;
  valid: number;
  problems: number;
  duplicates_removed: number;
  same_phone: number;
  distinct_phones: number;
  created_at: number;
}

interface RowDbRow {
  seq: number;
  row_no: number;
  cells: string;
  phone: string | null;
  params: string;
  status: number;
  issues: string | null;
  dup_of: number | null;
}

const STATUS_NAMES: ImportRowStatus[] = ['ok', 'problem', 'duplicate', 'samePhone'];

/** A row ready to send, as the outbox reads it. */
export interface ValidImportRow {
  seq: number;
  rowNumber: number;
  phone: string;
  params: string[];
}

/** Rows for `import.rows` filters that are a status; `held` comes from the ledger. */
const FILTER_STATUS: Partial<Record<ImportFilter, number>> = {
  problems: RowStatus.Problem,
  duplicates: RowStatus.Duplicate,
  samePhone: RowStatus.SamePhone,
};

export class ImportsRepo {
  private readonly insertRow;
  private readonly updateRow;

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(
      'INSERT INTO import_rows (import_id, seq, row_no, cells, phone, params, status, issues, dup_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateRow = db.prepare(
      'UPDATE import_rows SET phone = ?, params = ?, status = ?, issues = ?, dup_of = ? WHERE import_id = ? AND seq = ?',
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

  /** One transaction per batch: a few dozen commits for a million rows. */
  insertRows(importId: number, rows: readonly CheckedRow[]): void {
    const ins = this.insertRow;
    this.db.transaction(() => {
      for (const r of rows)
        ins.run(
          importId,
          r.seq,
          r.rowNumber,
          JSON.stringify(r.cells),
          r.phone,
          r.params.length === 0 ? '[]' : JSON.stringify(r.params),
          r.status,
          r.issues === null ? null : JSON.stringify(r.issues),
          r.duplicateOf,
        );
    })();
  }

  updateChecked(importId: number, rows: readonly CheckedRow[]): void {
    const up = this.updateRow;
    this.db.transaction(() => {
      for (const r of rows)
        up.run(
          r.phone,
          r.params.length === 0 ? '[]' : JSON.stringify(r.params),
          r.status,
          r.issues === null ? null : JSON.stringify(r.issues),
          r.duplicateOf,
          importId,
          r.seq,
        );
    })();
  }

  /** First rows that share their phone with other variables, known only at the end. */
  flagSamePhone(importId: number, seqs: readonly number[]): void {
    const st = this.db.prepare(
      'UPDATE import_rows SET status = ? WHERE import_id = ? AND seq = ? AND status = ?',
    );
    this.db.transaction(() => {
      for (const s of seqs) st.run(RowStatus.SamePhone, importId, s, RowStatus.Ok);
    })();
  }

  finish(importId: number, counts: RowCounts, now: number): void {
    this.db
      .prepare(
        `UPDATE imports SET state = 'ready', total = ?, valid = ?, problems = ?, duplicates_removed = ?,
           same_phone = ?, distinct_phones = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        counts.total,
        counts.valid,
        counts.problems,
        counts.duplicatesRemoved,
        counts.samePhoneDifferentParams,
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

  delete(importId: number): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM import_rows WHERE import_id = ?').run(importId);
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

  header(importId: number): (ImportHeader & { state: string }) | null {
    const r = this.db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as
      (ImportDbRow & { size_bytes: number }) | undefined;
    if (!r) return null;
    return {
      fileName: r.file_name,
      path: r.path,
      sizeBytes: r.size_bytes,
      kind: r.kind as 'text' | 'xlsx',
      encoding: r.encoding as ImportEncoding | null,
      delimiter: r.delimiter as ImportDelimiter | null,
      headerRow: r.header_row,
      sheet: r.sheet,
      columns: JSON.parse(r.columns) as string[],
      templateId: r.template_id,
      mapping: JSON.parse(r.mapping) as ImportMapping,
      international: r.international === 1,
      state: r.state,
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
    const status = FILTER_STATUS[filter];
    if (filter === 'all')
      return (
        this.db
          .prepare('SELECT count(*) AS n FROM import_rows WHERE import_id = ?')
          .get(importId) as {
          n: number;
        }
      ).n;
    if (status === undefined) return 0;
    return (
      this.db
        .prepare(
          'SELECT count(*) AS n FROM import_rows WHERE import_id = ? AND status <> 0 AND status = ?',
        )
        .get(importId, status) as { n: number }
    ).n;
  }

  page(importId: number, filter: ImportFilter, offset: number, limit: number): ImportRow[] {
    let rows: RowDbRow[];
    if (filter === 'all') {
      // seq is dense from 0, so a page is a key range: no OFFSET scan at row 900,000.
      rows = this.db
        .prepare(
          'SELECT seq, row_no, cells, phone, params, status, issues, dup_of FROM import_rows WHERE import_id = ? AND seq >= ? AND seq < ? ORDER BY seq',
        )
        .all(importId, offset, offset + limit) as RowDbRow[];
    } else {
      const status = FILTER_STATUS[filter];
      if (status === undefined) return [];
      rows = this.db
        .prepare(
          'SELECT seq, row_no, cells, phone, params, status, issues, dup_of FROM import_rows WHERE import_id = ? AND status <> 0 AND status = ? ORDER BY seq LIMIT ? OFFSET ?',
        )
        .all(importId, status, limit, offset) as RowDbRow[];
    }
    return rows.map(toRow);
  }

  /** Raw cells in file order, a page at a time (for re-validation). */
  cellsAfter(
    importId: number,
    afterSeq: number,
    limit: number,
  ): { seq: number; row_no: number; cells: string }[] {
    return this.db
      .prepare(
        'SELECT seq, row_no, cells FROM import_rows WHERE import_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .all(importId, afterSeq, limit) as { seq: number; row_no: number; cells: string }[];
  }

  validAfter(importId: number, afterSeq: number, limit: number): ValidImportRow[] {
    return (
      this.db
        .prepare(
          'SELECT seq, row_no, phone, params FROM import_rows WHERE import_id = ? AND seq > ? AND status IN (0, 3) ORDER BY seq LIMIT ?',
        )
        .all(importId, afterSeq, limit) as {
        seq: number;
        row_no: number;
        phone: string;
        params: string;
      }[]
    ).map((r) => ({
      seq: r.seq,
      rowNumber: r.row_no,
      phone: r.phone,
      params: JSON.parse(r.params) as string[],
    }));
  }

  rememberMapping(templateId: string, mapping: ImportMapping, now: number): void {
    this.db
      .prepare(
        'INSERT INTO import_mappings (template_id, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (template_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at',
      )
      .run(templateId, JSON.stringify(mapping), now);
  }

  rememberedMapping(templateId: string): ImportMapping | null {
    const r = this.db
      .prepare('SELECT mapping FROM import_mappings WHERE template_id = ?')
      .get(templateId) as { mapping: string } | undefined;
    return r ? (JSON.parse(r.mapping) as ImportMapping) : null;
  }
}

function toSummary(r: ImportDbRow): ImportSummary {
  return {
    importId: r.id,
    fileName: r.file_name,
    createdAt: r.created_at,
    kind: r.kind as 'text' | 'xlsx',
    encoding: r.encoding as ImportEncoding | null,
    delimiter: r.delimiter as ImportDelimiter | null,
    headerRow: r.header_row,
    sheet: r.sheet,
    columns: JSON.parse(r.columns) as string[],
    templateId: r.template_id,
    mapping: JSON.parse(r.mapping) as ImportMapping,
    international: r.international === 1,
    total: r.total,
    valid: r.valid,
    problems: r.problems,
    duplicatesRemoved: r.duplicates_removed,
    samePhoneDifferentParams: r.same_phone,
    distinctPhones: r.distinct_phones,
  };
}

function toRow(r: RowDbRow): ImportRow {
  return {
    rowNumber: r.row_no,
    cells: JSON.parse(r.cells) as string[],
    phone: r.phone,
    params: JSON.parse(r.params) as string[],
    status: STATUS_NAMES[r.status] ?? 'problem',
    issues: r.issues === null ? [] : (JSON.parse(r.issues) as ImportIssue[]),
    duplicateOf: r.dup_of,
  };
}
