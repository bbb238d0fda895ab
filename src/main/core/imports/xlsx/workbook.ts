import type { FileHandle } from 'node:fs/promises';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { readCentralDirectory, streamEntry, ZipFormatError, type ZipEntry } from './zip';

/**
 * A small streaming .xlsx reader: the zip's declared sizes are checked against the limits
 * before anything is inflated, then the workbook parts (sheet names, shared strings, number
 * formats) and one sheet are parsed as a stream of XML events. Nothing builds the workbook in
 * memory; a sheet arrives row by row.
 */

/** Limits an .xlsx must stay within before (declared) and while (actual) it is inflated. */
export const XLSX_LIMITS = {
  /** All entries together, uncompressed. */
  totalBytes: 500 * 1024 * 1024,
  /** Entries in the zip: a workbook has a few dozen. */
  entries: 10_000,
  /** The shared strings, which are held in memory while a sheet is read. */
  sharedStringsBytes: 200 * 1024 * 1024,
  rows: 1_000_000,
  columns: 50,
  /** XML between two tags: a cell holds at most 32,767 characters, so this is never a list. */
  textRunBytes: 8 * 1024 * 1024,
};

export type XlsxLimit =
  'totalBytes' | 'entries' | 'sharedStringsBytes' | 'rows' | 'columns' | 'textRunBytes';

export class XlsxLimitError extends Error {
  constructor(
    readonly limit: XlsxLimit,
    readonly value: number,
  ) {
    super(`xlsx ${limit} limit`);
    this.name = 'XlsxLimitError';
  }
}

export interface SheetRef {
  name: string;
  entry: ZipEntry;
}

export interface Workbook {
  sheets: SheetRef[];
  /** Index i: the text of shared string i (rich text runs joined, phonetic hints left out). */
  sharedStrings: string[];
  /** Index i: whether cell style i shows its number as a date. */
  dateStyles: boolean[];
  date1904: boolean;
  budget: { left: number };
}

const local = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** Feeds an entry through a SAX parser; `stop()` ends the read early. */
async function parseEntry(
  fh: FileHandle,
  entry: ZipEntry,
  budget: { left: number },
  handlers: {
    open?: (tag: SaxesTagPlain, name: string) => void;
    close?: (name: string) => void;
    text?: (text: string) => void;
  },
  stopped: () => boolean = () => false,
): Promise<void> {
  const parser = new SaxesParser({ xmlns: false });
  let failure: Error | null = null;
  // The parser keeps text until the next tag: a run of text without tags must stay small.
  let sinceTag = 0;
  parser.on('opentagstart', () => (sinceTag = 0));
  // saxes keeps one handler per event: this one also does the caller's close.
  const close = handlers.close;
  parser.on('closetag', (t) => {
    sinceTag = 0;
    close?.(local(t.name));
  });
  parser.on('error', (e) => {
    failure ??= e;
  });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (t) => open(t, local(t.name)));
  }
  if (handlers.text) {
    const text = handlers.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  const decoder = new TextDecoder('utf-8');
  await streamEntry(fh, entry, budget, (chunk) => {
    sinceTag += chunk.length;
    parser.write(decoder.decode(chunk, { stream: true }));
    if (sinceTag > XLSX_LIMITS.textRunBytes) throw new XlsxLimitError('textRunBytes', sinceTag);
    if (failure) throw new ZipFormatError(failure.message);
    return !stopped();
  });
  if (!stopped()) {
    parser.write(decoder.decode());
    parser.close();
    if (failure) throw new ZipFormatError((failure as Error).message);
  }
}

const attr = (t: SaxesTagPlain, name: string): string | undefined => {
  const v = t.attributes[name];
  return typeof v === 'string' ? v : undefined;
};

/** Part names inside the zip are case-insensitive and may be written with a leading slash. */
function findEntry(entries: ZipEntry[], path: string): ZipEntry | undefined {
  const want = path.replace(/^\//, '').toLowerCase();
  return entries.find((e) => e.name.replace(/^\//, '').toLowerCase() === want);
}

/** Built-in number formats that show a date or time (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57,
]);

function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare);
}

/** Opens the workbook: checks the limits, reads sheet names, shared strings and date styles. */
export async function openWorkbook(fh: FileHandle, fileSize: number): Promise<Workbook> {
  const entries = await readCentralDirectory(fh, fileSize);
  if (entries.length > XLSX_LIMITS.entries) throw new XlsxLimitError('entries', entries.length);
  const total = entries.reduce((n, e) => n + e.size, 0);
  if (total > XLSX_LIMITS.totalBytes) throw new XlsxLimitError('totalBytes', total);
  const budget = { left: XLSX_LIMITS.totalBytes };

  const wbEntry = findEntry(entries, 'xl/workbook.xml');
  if (!wbEntry) throw new ZipFormatError('no workbook');
  const declared: { name: string; rid: string }[] = [];
  let date1904 = false;
  await parseEntry(fh, wbEntry, budget, {
    open: (t, name) => {
      if (name === 'sheet') {
        const rid = Object.entries(t.attributes).find(([k]) => local(k) === 'id')?.[1];
        const n = attr(t, 'name');
        if (n !== undefined && typeof rid === 'string') declared.push({ name: n, rid });
      } else if (name === 'workbookPr') {
        const v = attr(t, 'date1904');
        date1904 = v === '1' || v === 'true';
      }
    },
  });

  const targets = new Map<string, string>();
  const relsEntry = findEntry(entries, 'xl/_rels/workbook.xml.rels');
  if (relsEntry)
    await parseEntry(fh, relsEntry, budget, {
      open: (t, name) => {
        const id = attr(t, 'Id');
        const target = attr(t, 'Target');
        if (name === 'Relationship' && id && target) targets.set(id, target);
      },
    });
  const sheets: SheetRef[] = [];
  for (const d of declared) {
    const target = targets.get(d.rid);
    if (!target || !/worksheets\//i.test(target)) continue; // chart sheets hold no list
    const path = target.startsWith('/') ? target : `xl/${target.replace(/^\.\//, '')}`;
    const entry = findEntry(entries, path);
    if (entry) sheets.push({ name: d.name, entry });
  }

  const sharedStrings: string[] = [];
  const ssEntry = findEntry(entries, 'xl/sharedStrings.xml');
  if (ssEntry) {
    if (ssEntry.size > XLSX_LIMITS.sharedStringsBytes)
      throw new XlsxLimitError('sharedStringsBytes', ssEntry.size);
    let current: string[] | null = null;
    let inT = false;
    let phonetic = 0;
    await parseEntry(fh, ssEntry, budget, {
      open: (_t, name) => {
        if (name === 'si') current = [];
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && phonetic === 0) inT = true;
      },
      close: (name) => {
        if (name === 'si') {
          sharedStrings.push((current ?? []).join(''));
          current = null;
        } else if (name === 'rPh') phonetic--;
        else if (name === 't') inT = false;
      },
      text: (text) => {
        if (inT && current) current.push(text);
      },
    });
  }

  const dateStyles: boolean[] = [];
  const stylesEntry = findEntry(entries, 'xl/styles.xml');
  if (stylesEntry) {
    const customDate = new Map<number, boolean>();
    let inCellXfs = false;
    await parseEntry(fh, stylesEntry, budget, {
      open: (t, name) => {
        if (name === 'numFmt') {
          const id = Number(attr(t, 'numFmtId'));
          customDate.set(id, isDateFormatCode(attr(t, 'formatCode') ?? ''));
        } else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(attr(t, 'numFmtId') ?? '0');
          dateStyles.push(customDate.get(id) ?? DATE_FORMAT_IDS.has(id));
        }
      },
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }
  return { sheets, sharedStrings, dateStyles, date1904, budget };
}

/** "BC12" → 54 (0-based column of a cell reference). */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

const DAY_MS = 86_400_000;

/** A cell as the user sees its text: numbers in full (xlsx keeps every digit), dates as dates. */
function cellValue(wb: Workbook, type: string, style: number, v: string, inline: string): string {
  switch (type) {
    case 's':
      return wb.sharedStrings[Number(v)] ?? '';
    case 'inlineStr':
      return inline;
    case 'str':
      return v;
    case 'b':
      return v === '1' || v === 'true' ? 'TRUE' : v === '' ? '' : 'FALSE';
    case 'e':
      return '';
    case 'd':
      return v.slice(0, 10);
    default: {
      if (v === '') return '';
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      if (wb.dateStyles[style]) {
        const serial = wb.date1904 ? n + 1462 : n;
        return new Date(Math.round((serial - 25569) * DAY_MS)).toISOString().slice(0, 10);
      }
      return Number.isInteger(n) ? n.toFixed(0) : String(n);
    }
  }
}

/**
 * Streams one sheet's rows (1-based row numbers as Excel shows them; cells trimmed at the
 * right). `onRow` returning false stops the read.
 */
export async function readSheetRows(
  fh: FileHandle,
  wb: Workbook,
  sheet: SheetRef,
  onRow: (cells: string[], rowNumber: number) => boolean | void,
): Promise<void> {
  let rowNumber = 0;
  let cells: string[] = [];
  let col = -1;
  let type = '';
  let style = 0;
  let value: string[] = [];
  let inline: string[] = [];
  let where: 'v' | 't' | null = null;
  let inIs = false;
  let phonetic = 0;
  let stop = false;
  await parseEntry(
    fh,
    sheet.entry,
    wb.budget,
    {
      open: (t, name) => {
        if (stop) return;
        switch (name) {
          case 'row': {
            const r = Number(attr(t, 'r'));
            rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
            if (rowNumber > XLSX_LIMITS.rows) throw new XlsxLimitError('rows', rowNumber);
            cells = [];
            col = -1;
            break;
          }
          case 'c': {
            const ref = attr(t, 'r');
            col = ref ? columnOf(ref) : col + 1;
            type = attr(t, 't') ?? 'n';
            style = Number(attr(t, 's') ?? '0');
            value = [];
            inline = [];
            break;
          }
          case 'v':
            where = 'v';
            break;
          case 'is':
            inIs = true;
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            if (inIs && phonetic === 0) where = 't';
            break;
        }
      },
      close: (name) => {
        if (stop) return;
        switch (name) {
          case 'v':
          case 't':
            where = null;
            break;
          case 'is':
            inIs = false;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c': {
            const text = cellValue(wb, type, style, value.join(''), inline.join(''));
            if (text !== '') {
              if (col >= XLSX_LIMITS.columns) throw new XlsxLimitError('columns', col + 1);
              while (cells.length < col) cells.push('');
              cells[col] = text;
            }
            break;
          }
          case 'row':
            if (onRow(cells, rowNumber) === false) stop = true;
            break;
        }
      },
      text: (text) => {
        if (where === 'v') value.push(text);
        else if (where === 't') inline.push(text);
      },
    },
    () => stop,
  );
}
