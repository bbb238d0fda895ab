/**
 * CSV for Excel: UTF-8 with a BOM (so Chinese is not garbled), CRLF, every field quoted, and
 * any field that Excel would run as a formula (= + - @, tab, CR) prefixed with an apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsvText(records: readonly (readonly string[])[]): string {
  return '\uFEFF' + records.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
