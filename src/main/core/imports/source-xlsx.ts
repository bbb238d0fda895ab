import { open, type FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { AppError } from '../../../shared/errors';
import { looksLikePhone } from './column-score';
import { importError } from './errors';
import type { RowBatchSink, SourceInfo, SourceOptions } from './source-types';
import { isBlankRecord, noSeparators } from './source-text';
import {
  openWorkbook,
  readSheetRows,
  XLSX_LIMITS,
  XlsxLimitError,
  type SheetRef,
  type Workbook,
} from './xlsx/workbook';
import { ZipLimitError } from './xlsx/zip';

const BATCH = 5000;
/** Rows of each sheet read to tell whether it has data and a phone-shaped column. */
const PROBE_ROWS = 50;

const xlsxInfo = (sheets: string[], sheet: string): SourceInfo => ({
  kind: 'xlsx',
  encoding: null,
  detectedEncoding: null,
  bom: false,
  delimiter: null,
  detectedDelimiter: null,
  sheets,
  sheet,
});

/** Cells as the import sees them: trimmed, free of our block separators, no trailing blanks. */
function clean(cells: string[]): string[] {
  const out = cells.map((c) => noSeparators((c ?? '').trim()));
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}

/** The limit a bomb broke, as the user's message names it. */
function limitError(e: XlsxLimitError | ZipLimitError): AppError {
  const limit = e instanceof ZipLimitError ? 'totalBytes' : e.limit;
  return importError('import_xlsx_too_big', {
    limit,
    totalMB: XLSX_LIMITS.totalBytes / (1024 * 1024),
    rows: XLSX_LIMITS.rows,
    columns: XLSX_LIMITS.columns,
  });
}

async function withWorkbook<T>(
  path: string,
  size: number,
  fn: (fh: FileHandle, wb: Workbook) => Promise<T>,
): Promise<T> {
  const fh = await open(path, 'r');
  try {
    const wb = await openWorkbook(fh, size);
    return await fn(fh, wb);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof XlsxLimitError || e instanceof ZipLimitError) throw limitError(e);
    throw importError('import_bad_xlsx');
  } finally {
    await fh.close();
  }
}

interface Probe {
  sheet: SheetRef;
  rows: string[][];
  hasPhoneColumn: boolean;
}

/** The first rows of a sheet: does it hold anything, and a column that is mostly phones? */
async function probe(fh: FileHandle, wb: Workbook, sheet: SheetRef): Promise<Probe> {
  const rows: string[][] = [];
  await readSheetRows(fh, wb, sheet, (cells) => {
    const c = clean(cells);
    if (!isBlankRecord(c)) rows.push(c);
    return rows.length < PROBE_ROWS;
  });
  const width = Math.max(0, ...rows.map((r) => r.length));
  let hasPhoneColumn = false;
  for (let col = 0; col < width && !hasPhoneColumn; col++) {
    let filled = 0;
    let phones = 0;
    for (const r of rows) {
      const v = r[col] ?? '';
      if (v === '') continue;
      filled++;
      if (looksLikePhone(v)) phones++;
    }
    hasPhoneColumn = phones >= 1 && phones / filled >= 0.5;
  }
  return { sheet, rows, hasPhoneColumn };
}

/**
 * The sheets that have data, and the one to read: the user's choice, else the remembered one
 * when the file has it, else the first with a phone-shaped column, else the first with data.
 */
async function chooseSheet(
  fh: FileHandle,
  wb: Workbook,
  opts: SourceOptions,
): Promise<{ sheets: string[]; sheet: SheetRef | null }> {
  const probes: Probe[] = [];
  for (const s of wb.sheets) probes.push(await probe(fh, wb, s));
  const withData = probes.filter((p) => p.rows.length > 0);
  const sheets = withData.map((p) => p.sheet.name);
  if (opts.sheet !== undefined) {
    const chosen = wb.sheets.find((s) => s.name === opts.sheet);
    if (!chosen)
      throw importError('import_sheet_not_found', {
        sheet: opts.sheet,
        sheets: sheets.join(', '),
      });
    return { sheets, sheet: chosen };
  }
  const preferred = withData.find((p) => p.sheet.name === opts.preferredSheet);
  const pick = preferred ?? withData.find((p) => p.hasPhoneColumn) ?? withData[0];
  return { sheets, sheet: pick?.sheet ?? null };
}

/** Streams the chosen sheet in batches; `onBatch` returning false stops early. */
async function eachRow(
  fh: FileHandle,
  wb: Workbook,
  sheet: SheetRef,
  onBatch: (rows: string[][], numbers: number[]) => boolean,
  batch = BATCH,
): Promise<void> {
  let rows: string[][] = [];
  let numbers: number[] = [];
  let more = true;
  await readSheetRows(fh, wb, sheet, (cells, n) => {
    const c = clean(cells);
    // Empty after trimming, however it was written: a blank line, skipped and not counted.
    if (isBlankRecord(c)) return true;
    rows.push(c);
    numbers.push(n);
    if (rows.length >= batch) {
      more = onBatch(rows, numbers);
      rows = [];
      numbers = [];
    }
    return more;
  });
  if (more && rows.length > 0) onBatch(rows, numbers);
}

export async function previewXlsx(
  path: string,
  size: number,
  opts: SourceOptions,
  maxRows: number,
): Promise<{ info: SourceInfo; rows: string[][]; rowNumbers: number[]; complete: boolean }> {
  return withWorkbook(path, size, async (fh, wb) => {
    const { sheets, sheet } = await chooseSheet(fh, wb, opts);
    if (!sheet) throw importError('import_file_empty');
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    const limit = maxRows * 2 + 50;
    let complete = true;
    await eachRow(
      fh,
      wb,
      sheet,
      (r, n) => {
        for (let i = 0; i < r.length; i++) {
          if (rows.length >= limit) {
            complete = false;
            return false;
          }
          rows.push(r[i]!);
          rowNumbers.push(n[i]!);
        }
        return true;
      },
      limit + 1,
    );
    return { info: xlsxInfo(sheets, sheet.name), rows, rowNumbers, complete };
  });
}

export async function readXlsxRows(
  path: string,
  opts: SourceOptions,
  onRows: RowBatchSink,
  onBytes: (done: number, total: number) => void,
  total: number,
): Promise<SourceInfo> {
  return withWorkbook(path, total, async (fh, wb) => {
    const { sheets, sheet } = await chooseSheet(fh, wb, opts);
    if (!sheet) throw importError('import_file_empty');
    const sheetBytes = Math.max(1, sheet.entry.size);
    let read = 0;
    let pending: Promise<unknown> = Promise.resolve();
    await eachRow(fh, wb, sheet, (rows, numbers) => {
      onRows(rows, numbers);
      // Progress by rows against the sheet's size: a rough but honest bar.
      read = Math.min(sheetBytes, read + rows.length * 40);
      onBytes(Math.round((read / sheetBytes) * total), total);
      pending = yieldToLoop();
      return true;
    });
    await pending;
    onBytes(total, total);
    return xlsxInfo(sheets, sheet.name);
  });
}
