import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import Papa from 'papaparse';
import type { ImportDelimiter, ImportEncoding } from '../../../shared/api/imports';
import { importError } from './errors';
import { bomLengthFor, decoderFor, detectEncoding, looksBinary } from './sniff';
import type { RowBatchSink, SourceInfo, SourceOptions } from './source-types';

/**
 * Bytes decoded per step. Every string made from a slice (the decoded text, papaparse's line
 * carried over plus the next slice) stays under V8's large-object size (128 KB; a 32 KB slice
 * decodes to at most 32K two-byte characters): larger ones are born in the old heap, and at
 * 256 KB a step those dead slices grew a million-row import's heap by hundreds of megabytes
 * and cost a third of its parsing time in collection (measured in `bench/import.ts`).
 */
const DECODE_SLICE = 1 << 15;
/** What the checks before a whole read see: the preview's first megabyte. */
const HEAD_CHECK_BYTES = 1 << 20;
const DELIMITERS: ImportDelimiter[] = [',', '\t', ';', '|'];

/**
 * A blank line as Excel shows it: every cell empty after trimming, however many separators or
 * quotes (`,,`, `"",""`, `\t\t`). Skipped here rather than through papaparse's
 * `skipEmptyLines` so the lines are still counted and every row keeps the number Excel shows.
 */
export function isBlankRecord(r: readonly string[]): boolean {
  for (let i = 0; i < r.length; i++) if (r[i]!.trim() !== '') return false;
  return true;
}

/**
 * RS and US separate rows and fields in saved blocks (repo.ts); in a spreadsheet they carry no
 * meaning, so they become spaces. One native scan per slice; the replace almost never runs.
 */
export const noSeparators = (s: string): string =>
  s.includes('\x1e') || s.includes('\x1f') ? s.replaceAll('\x1e', ' ').replaceAll('\x1f', ' ') : s;

export function guessDelimiter(sample: string): ImportDelimiter | null {
  const r = Papa.parse<string[]>(sample, { preview: 30, delimitersToGuess: DELIMITERS });
  const d = r.meta.delimiter as ImportDelimiter;
  // Papaparse falls back to ',' when nothing fits (a one-column phone list).
  if (r.errors.some((e) => e.code === 'UndetectableDelimiter')) return null;
  return DELIMITERS.includes(d) ? d : null;
}

/** The user's encoding wins over the detected one; its BOM (if any) is skipped all the same. */
function chooseEncoding(
  buf: Buffer,
  detected: { encoding: ImportEncoding; bomLength: number },
  opts: SourceOptions,
): { encoding: ImportEncoding; bomLength: number } {
  if (!opts.encoding) return detected;
  return { encoding: opts.encoding, bomLength: bomLengthFor(buf, opts.encoding) };
}

function textInfo(
  encoding: ImportEncoding,
  detectedEncoding: ImportEncoding,
  bomLength: number,
  delimiter: ImportDelimiter,
  detectedDelimiter: ImportDelimiter | null,
): SourceInfo {
  return {
    kind: 'text',
    encoding,
    detectedEncoding,
    bom: bomLength > 0,
    delimiter,
    detectedDelimiter,
    sheets: [],
    sheet: null,
  };
}

export interface TextHead {
  info: SourceInfo;
  rows: string[][];
  rowNumbers: number[];
  complete: boolean;
}

/** Cheap: the first rows of a text file from its first megabyte, for the live preview. */
export function previewText(
  head: Buffer,
  complete: boolean,
  opts: SourceOptions,
  maxRows: number,
): TextHead {
  const detected = detectEncoding(complete ? head : trimForDetection(head));
  const { encoding, bomLength } = chooseEncoding(head, detected, opts);
  let text = decoderFor(encoding).decode(head.subarray(bomLength), { stream: !complete });
  if (looksBinary(head.subarray(0, 8192), encoding, text.slice(0, 8192)))
    throw importError('import_file_binary');
  if (!complete) {
    const cut = text.lastIndexOf('\n');
    if (cut > 0) text = text.slice(0, cut + 1);
  }
  const detectedDelimiter = guessDelimiter(text.slice(0, 64 * 1024));
  const delimiter = opts.delimiter ?? detectedDelimiter ?? ',';
  const parsed = Papa.parse<string[]>(text, { delimiter, preview: maxRows * 2 + 50 });
  // Only a whole file can prove a quote is never closed (a cut head may end inside one).
  const quoteErr = complete ? parsed.errors.find((e) => e.code === 'MissingQuotes') : undefined;
  if (quoteErr) throw importError('import_unbalanced_quotes', { row: (quoteErr.row ?? 0) + 1 });
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let n = 0;
  for (const r of parsed.data) {
    n++;
    if (isBlankRecord(r)) continue;
    rows.push(r);
    rowNumbers.push(n);
  }
  return {
    info: textInfo(encoding, detected.encoding, bomLength, delimiter, detectedDelimiter),
    rows,
    rowNumbers,
    // Every record of a whole file was read (the preview stops early only on a long one).
    complete: complete && parsed.data.length < maxRows * 2 + 50,
  };
}

/** A head cut mid-character must not look like invalid UTF-8. */
function trimForDetection(head: Buffer): Buffer {
  for (let k = 0; k < 4 && k < head.length; k++) {
    const b = head.subarray(0, head.length - k);
    if (detectEncoding(b).encoding === 'utf8') return b;
  }
  return head;
}

/**
 * The checks before reading a whole file, over its first megabyte as the preview read it:
 * blank, binary, or its delimiter (null when none fits). Its own decode, apart from the
 * stream's small slices, and a function of its own so the megabyte's text is not kept.
 */
function checkHead(
  buf: Buffer,
  encoding: ImportEncoding,
  bomLength: number,
): ImportDelimiter | null {
  const head = decoderFor(encoding).decode(
    buf.subarray(bomLength, Math.min(buf.length, bomLength + HEAD_CHECK_BYTES)),
    // A character cut at the megabyte's end is held back, not shown as U+FFFD.
    { stream: true },
  );
  if (head.trim() === '') throw importError('import_file_empty');
  if (looksBinary(buf.subarray(0, 8192), encoding, head.slice(0, 8192)))
    throw importError('import_file_binary');
  return guessDelimiter(head.slice(0, 64 * 1024));
}

/**
 * Streams the whole file through papaparse: we decode ourselves (papaparse decodes each
 * Buffer chunk separately and corrupts characters cut at chunk boundaries) and feed it
 * strings. `onRows` runs synchronously per parsed chunk so validation and saving keep pace.
 */
export async function readTextRows(
  path: string,
  opts: SourceOptions,
  onRows: RowBatchSink,
  onBytes: (done: number, total: number) => void,
): Promise<SourceInfo> {
  const buf = await readFile(path);
  const detected = detectEncoding(buf);
  const { encoding, bomLength } = chooseEncoding(buf, detected, opts);
  const decoder = decoderFor(encoding);
  const total = buf.length;

  const detectedDelimiter = checkHead(buf, encoding, bomLength);
  const delimiter = opts.delimiter ?? detectedDelimiter ?? ',';

  async function* decoded(): AsyncGenerator<string> {
    let pos = bomLength;
    while (pos < total) {
      const end = Math.min(total, pos + DECODE_SLICE);
      const s = decoder.decode(buf.subarray(pos, end), { stream: true });
      pos = end;
      onBytes(pos, total);
      // Let progress events and other I/O out between slices.
      await yieldToLoop();
      if (s) yield noSeparators(s);
    }
    const tail = decoder.decode();
    if (tail) yield noSeparators(tail);
  }

  let records = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    Papa.parse<string[]>(Readable.from(decoded(), { objectMode: true }) as unknown as File, {
      delimiter,
      // Never fastMode: it splits quoted "50,789.19" amounts.
      chunk(results, parser) {
        if (failed) return;
        try {
          const quoteErr = results.errors.find((e) => e.code === 'MissingQuotes');
          if (quoteErr) {
            failed = true;
            parser.abort();
            reject(
              importError('import_unbalanced_quotes', { row: records + (quoteErr.row ?? 0) + 1 }),
            );
            return;
          }
          const data = results.data;
          const rows: string[][] = [];
          const numbers: number[] = [];
          for (let i = 0; i < data.length; i++) {
            records++;
            const r = data[i]!;
            if (isBlankRecord(r)) continue;
            rows.push(r);
            numbers.push(records);
          }
          if (rows.length > 0) onRows(rows, numbers);
        } catch (e) {
          failed = true;
          parser.abort();
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      },
      complete() {
        if (!failed) resolve();
      },
      error(err: Error) {
        if (!failed) {
          failed = true;
          reject(err);
        }
      },
    });
  });
  onBytes(total, total);
  return textInfo(encoding, detected.encoding, bomLength, delimiter, detectedDelimiter);
}
