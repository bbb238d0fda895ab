import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { importError } from './errors';
import type { RowBatchSink, SourceInfo, SourceOptions } from './source';
import { noSeparators } from './source-text';

const BATCH = 5000;

/** A cell as the user sees its text: numbers in full (xlsx keeps every digit), dates as dates. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return '';
  }
  return '';
}

function rowCells(values: unknown): string[] {
  // exceljs rows are 1-based sparse arrays.
  const arr = Array.isArray(values) ? (values as unknown[]) : [];
  const out: string[] = [];
  for (let i = 1; i < arr.length; i++) out.push(noSeparators(cellText(arr[i]).trim()));
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}

interface SheetRef {
  name: string;
}
interface WorksheetLike {
  name?: string;
  [Symbol.asyncIterator](): AsyncIterator<{ number: number; values: unknown }>;
}

/**
 * Streams one sheet of an .xlsx (the chosen one, else the first in the workbook's order)
 * without loading the workbook: a million-row sheet stays within the memory budget.
 */
async function eachRow(
  path: string,
  opts: SourceOptions,
  onBatch: (
    rows: string[][],
    numbers: number[],
    info: { sheets: string[]; sheet: string },
  ) => boolean,
  onBytes?: (done: number) => void,
  batch = BATCH,
): Promise<{ sheets: string[]; sheet: string }> {
  const input = createReadStream(path);
  let bytes = 0;
  if (onBytes)
    input.on('data', (c) => {
      bytes += c.length;
      onBytes(bytes);
    });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let sheets: string[] = [];
  let target: string | null = null;
  let found = false;
  try {
    for await (const wsRaw of reader) {
      const ws = wsRaw as unknown as WorksheetLike;
      if (target === null) {
        const model = (reader as unknown as { model?: { sheets?: SheetRef[] } }).model;
        sheets = (model?.sheets ?? []).map((s) => s.name);
        target = opts.sheet ?? sheets[0] ?? ws.name ?? '';
        if (opts.sheet !== undefined && !sheets.includes(opts.sheet))
          throw importError('import_sheet_not_found', {
            sheet: opts.sheet,
            sheets: sheets.join(', '),
          });
      }
      if ((ws.name ?? '') !== target) continue;
      found = true;
      let rows: string[][] = [];
      let numbers: number[] = [];
      let more = true;
      for await (const row of ws) {
        const cells = rowCells(row.values);
        if (cells.length === 0 || (cells.length === 1 && cells[0] === '')) continue;
        rows.push(cells);
        numbers.push(row.number);
        if (rows.length >= batch) {
          more = onBatch(rows, numbers, { sheets, sheet: target });
          rows = [];
          numbers = [];
          if (!more) break;
        }
      }
      if (more && rows.length > 0) onBatch(rows, numbers, { sheets, sheet: target });
      break;
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'AppError') throw e;
    throw importError('import_bad_xlsx');
  } finally {
    input.destroy();
  }
  if (!found && target === null) throw importError('import_file_empty');
  return { sheets, sheet: target ?? '' };
}

const xlsxInfo = (s: { sheets: string[]; sheet: string }): SourceInfo => ({
  kind: 'xlsx',
  encoding: null,
  detectedEncoding: null,
  bom: false,
  delimiter: null,
  detectedDelimiter: null,
  sheets: s.sheets,
  sheet: s.sheet,
});

export async function previewXlsx(
  path: string,
  opts: SourceOptions,
  maxRows: number,
): Promise<{ info: SourceInfo; rows: string[][]; rowNumbers: number[] }> {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const limit = maxRows * 2 + 50;
  const s = await eachRowLimited(path, opts, limit, rows, rowNumbers);
  return { info: xlsxInfo(s), rows, rowNumbers };
}

async function eachRowLimited(
  path: string,
  opts: SourceOptions,
  limit: number,
  rows: string[][],
  rowNumbers: number[],
): Promise<{ sheets: string[]; sheet: string }> {
  return eachRow(
    path,
    opts,
    (r, n) => {
      for (let i = 0; i < r.length && rows.length < limit; i++) {
        rows.push(r[i]!);
        rowNumbers.push(n[i]!);
      }
      return rows.length < limit;
    },
    undefined,
    // The preview stops as soon as it has its rows.
    limit,
  );
}

export async function readXlsxRows(
  path: string,
  opts: SourceOptions,
  onRows: RowBatchSink,
  onBytes: (done: number, total: number) => void,
  total: number,
): Promise<SourceInfo> {
  const s = await eachRow(
    path,
    opts,
    (rows, numbers) => {
      onRows(rows, numbers);
      return true;
    },
    (done) => onBytes(Math.min(done, total), total),
  );
  return xlsxInfo(s);
}
