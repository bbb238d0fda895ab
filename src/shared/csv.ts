/**
 * CSV writing for every export (history, import problems, batch results). Excel is the reader
 * that matters: a UTF-8 BOM so it does not fall back to GBK, CRLF records (RFC 4180), and
 * formula neutralisation (OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`,
 * tab or CR gets a leading `'` so Excel shows it as text instead of evaluating it. Numbers are
 * written as numbers and never neutralised (-5 is a value, not a formula).
 */

export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

export type CsvCell = string | number | null | undefined;

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
const NEEDS_QUOTES_RE = /[",\r\n]/;
const QUOTE_RE = /"/g;

/** A text cell made safe for spreadsheet apps (no quoting). */
export function neutralizeFormula(value: string): string {
  return value.length > 0 && FORMULA_START.has(value.charAt(0)) ? `'${value}` : value;
}

/** One cell as CSV text: neutralised, then quoted when it contains `"`, `,`, CR or LF. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = neutralizeFormula(value);
  return NEEDS_QUOTES_RE.test(safe) ? `"${safe.replace(QUOTE_RE, '""')}"` : safe;
}

/** One record including its CRLF terminator (for streaming large exports row by row). */
export function csvRow(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvCell(cells[i]);
  }
  return line + CSV_EOL;
}

/** A whole CSV file: BOM, header record, then one CRLF-terminated record per row. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const parts: string[] = [CSV_BOM, csvRow(header)];
  for (const row of rows) parts.push(csvRow(row));
  return parts.join('');
}
