/**
 * CSV cells for files the user opens in Excel. A cell starting with = + - @ (or a tab / CR that
 * Excel strips first) would run as a formula, so it gets a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** UTF-8 byte-order mark, so Excel reads the file as UTF-8 instead of the system code page. */
export const BOM = '\uFEFF';
