import type { ImportMapping, ImportOptions, ImportPreview } from '../../../shared/api/imports';
import { importError } from './errors';
import { decideMapping, type DecidedMapping, type RememberedMapping } from './decide';
import { detectHeaderRow, type ImportTemplate } from './mapping';
import { SCORE_SAMPLE_ROWS } from './column-score';
import { previewSource, readSource, type FileFacts, type SourceInfo } from './source';
import { RowChecker, type CheckedRow, type RowCounts } from './validate';

/** Rows sampled for detection and the content check (its first 1,000 data rows). */
const SAMPLE_ROWS = SCORE_SAMPLE_ROWS;

export const columnLetter = (i: number): string => {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

/** Everything decided from the first rows: header, columns, mapping. */
export interface ImportPlan {
  path: string;
  facts: FileFacts;
  info: SourceInfo;
  options: ImportOptions;
  headerRow: number;
  detectedHeaderRow: number;
  columns: string[];
  template: ImportTemplate | null;
  /** The header cells (trimmed), or null when the file has no header row. */
  header: string[] | null;
  mapping: DecidedMapping;
  sampleRows: string[][];
  sampleRowNumbers: number[];
}

export async function planImport(
  path: string,
  options: ImportOptions,
  template: ImportTemplate | null,
  remembered: RememberedMapping | null,
  sampleSize = SAMPLE_ROWS,
): Promise<ImportPlan> {
  const head = await previewSource(
    path,
    {
      encoding: options.encoding,
      delimiter: options.delimiter,
      sheet: options.sheet,
      preferredSheet: remembered?.sheet ?? undefined,
    },
    Math.max(sampleSize, SAMPLE_ROWS),
  );
  if (head.rows.length === 0) throw importError('import_file_empty');
  const detectedHeaderRow = detectHeaderRow(head.rows, head.rowNumbers);
  const headerRow = options.headerRow ?? detectedHeaderRow;
  const headerIdx = head.rowNumbers.indexOf(headerRow);
  const header =
    headerRow > 0 && headerIdx >= 0 ? head.rows[headerIdx]!.map((c) => c.trim()) : null;
  const dataRows: string[][] = [];
  const dataNumbers: number[] = [];
  head.rows.forEach((r, i) => {
    if (head.rowNumbers[i]! > headerRow) {
      dataRows.push(r);
      dataNumbers.push(head.rowNumbers[i]!);
    }
  });
  const width = Math.max(header?.length ?? 0, ...dataRows.map((r) => r.length), 1);
  const columns = Array.from({ length: width }, (_v, i) => header?.[i] || columnLetter(i));

  // Said at preview time, not after 导入: a header with nothing under it.
  if (dataRows.length === 0 && header !== null && head.complete)
    throw importError('import_no_data_rows', { headerRow });
  const mapping = decideMapping({
    header,
    rows: dataRows,
    rowNumbers: dataNumbers,
    width,
    template,
    given: options.mapping,
    remembered,
  });
  if (mapping.phone === null)
    throw importError('import_no_phone_column', { columns: columns.slice(0, 20).join(', ') });
  return {
    path,
    facts: head.facts,
    info: head.info,
    options,
    headerRow,
    detectedHeaderRow,
    columns,
    template,
    header,
    mapping,
    sampleRows: dataRows,
    sampleRowNumbers: dataNumbers,
  };
}

export function toPreview(plan: ImportPlan, limit: number): ImportPreview {
  return {
    fileName: plan.facts.fileName,
    sizeBytes: plan.facts.sizeBytes,
    kind: plan.facts.kind,
    encoding: plan.info.encoding,
    detectedEncoding: plan.info.detectedEncoding,
    bom: plan.info.bom,
    delimiter: plan.info.delimiter,
    detectedDelimiter: plan.info.detectedDelimiter,
    headerRow: plan.headerRow,
    detectedHeaderRow: plan.detectedHeaderRow,
    sheets: plan.info.sheets,
    sheet: plan.info.sheet,
    columns: plan.columns,
    rows: plan.sampleRows
      .slice(0, limit)
      .map((cells, i) => ({ rowNumber: plan.sampleRowNumbers[i]!, cells })),
    mapping: {
      phone: plan.mapping.phone,
      params: plan.mapping.params,
      ...(plan.mapping.fixed ? { fixed: plan.mapping.fixed } : {}),
      ...(plan.mapping.allowEmpty ? { allowEmpty: plan.mapping.allowEmpty } : {}),
      source: plan.mapping.source,
      via: plan.mapping.via,
      check: plan.mapping.check,
      examples: plan.mapping.examples,
    },
  };
}

/** The mapping a plan settles on, or the specific error when no column holds phone numbers. */
export function usableMapping(plan: ImportPlan): ImportMapping {
  const m = plan.mapping;
  if (m.phone === null)
    throw importError('import_no_phone_column', { columns: plan.columns.slice(0, 20).join(', ') });
  return {
    phone: m.phone,
    params: m.params,
    ...(m.fixed ? { fixed: m.fixed } : {}),
    ...(m.allowEmpty ? { allowEmpty: m.allowEmpty } : {}),
  };
}

export interface RunResult {
  info: SourceInfo;
  counts: RowCounts;
  /** Seqs of first rows to flag as "same phone, other variables" (known only at the end). */
  lateFlags: number[];
}

/**
 * The whole file through the checker. `onChecked` runs synchronously per parsed chunk (the
 * caller saves there), so memory holds one chunk of rows, not the file.
 */
export async function runImport(
  plan: ImportPlan,
  mapping: ImportMapping,
  international: boolean,
  onChecked: (rows: CheckedRow[]) => void,
  onBytes: (done: number, total: number, rows: number) => void,
): Promise<RunResult> {
  // About 40 bytes a row in the files people send (UTF-16 doubles it): a sizing hint only.
  const bytesPerRow =
    plan.info.encoding === 'utf16le' || plan.info.encoding === 'utf16be' ? 80 : 40;
  const checker = new RowChecker(
    mapping,
    plan.template,
    international,
    plan.facts.kind === 'xlsx' ? 1024 : plan.facts.sizeBytes / bytesPerRow,
  );
  const headerRow = plan.headerRow;
  const source = await readSource(
    plan.path,
    {
      // Detected again over the whole file: a GBK name on row 90,000 decides, not the first MB.
      encoding: plan.options.encoding,
      delimiter: plan.options.delimiter ?? plan.info.delimiter ?? undefined,
      sheet: plan.options.sheet ?? plan.info.sheet ?? undefined,
    },
    (rows, numbers) => {
      const out: CheckedRow[] = [];
      for (let i = 0; i < rows.length; i++) {
        const n = numbers[i]!;
        if (n <= headerRow) continue;
        out.push(checker.check(rows[i]!, n));
      }
      if (out.length > 0) onChecked(out);
    },
    (done, total) => onBytes(done, total, checker.counts.total),
  );
  if (checker.counts.total === 0) throw importError('import_file_empty');
  return { info: source.info, counts: checker.counts, lateFlags: checker.finish() };
}
