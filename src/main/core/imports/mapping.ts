import type { TemplateKind } from '../../../shared/domain';
import { normalizePhone } from '../../../shared/phone';
import { parsePlaceholders } from '../../../shared/template';
import type { ImportMapping } from '../../../shared/api/imports';

/** What the import needs to know about a template (from the template room's cache). */
export interface ImportTemplate {
  templateId: string;
  content: string;
  kind: TemplateKind;
  /** Index i names placeholder {i+1}; '' means unnamed. */
  variableNames?: string[];
  /** Longest allowed variable (account-type rule); null: no limit beyond the SMS length. */
  maxLength?: number | null;
}

export const paramCountOf = (t: ImportTemplate | null): number =>
  t ? parsePlaceholders(t.content).count : 0;

const PHONE_HEADERS = [
  '手机号码',
  '手机号',
  '手机',
  '电话号码',
  '电话',
  '号码',
  '联系方式',
  'mobile',
  'phone',
  'tel',
  'cellphone',
];

/** Lower-case, no spaces, no "*" required-markers or bracketed notes: "手机号码（必填）" → "手机号码". */
export function headerKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]/g, '')
    .replace(/[\s*_:：-]/g, '');
}

export function isPhoneHeader(s: string): boolean {
  const k = headerKey(s);
  return k !== '' && PHONE_HEADERS.some((h) => k.includes(h));
}

/** The header cell names placeholder {n}: "{1}", "变量1", "参数1", "var1", "1". */
function headerParamIndex(s: string): number | null {
  const k = headerKey(s);
  const m =
    /^(?:\{(\d{1,2})\}|(?:变量|参数|var|variable|param|参数值|变量值)\{?(\d{1,2})\}?|(\d{1,2}))$/.exec(
      k,
    );
  const d = m?.[1] ?? m?.[2] ?? m?.[3];
  return d === undefined ? null : Number(d);
}

/** A cell that is (or was, before Excel mangled it) a phone number. */
export function looksLikePhone(cell: string): boolean {
  if (cell.length < 7 || cell.length > 32) return false;
  const r = normalizePhone(cell, { international: true });
  return (
    r.ok ||
    r.reason === 'scientific' ||
    r.reason === 'tooShort' ||
    r.reason === 'tooLong' ||
    r.reason === 'notMobile'
  );
}

function phoneShare(rows: string[][], col: number): number {
  let filled = 0;
  let phones = 0;
  for (const r of rows) {
    const c = r[col];
    if (c === undefined || c === '') continue;
    filled++;
    if (looksLikePhone(c)) phones++;
  }
  return filled === 0 ? 0 : phones / filled;
}

const rowHasPhone = (r: string[]): boolean => r.some((c) => looksLikePhone(c.trim()));

/**
 * The header row: the row just above the first row holding a phone number, when it is one of
 * the first few (title lines above a header happen). 0 when the data starts at once.
 */
export function detectHeaderRow(rows: string[][], rowNumbers: number[]): number {
  const limit = Math.min(rows.length, 10);
  for (let i = 0; i < limit; i++) {
    const r = rows[i]!;
    if (rowHasPhone(r)) return i === 0 ? 0 : rowNumbers[i - 1]!;
    if (r.some(isPhoneHeader)) return rowNumbers[i]!;
  }
  return rows.length > 0 && !rowHasPhone(rows[0]!) && rows[0]!.some((c) => c.trim() !== '')
    ? rowNumbers[0]!
    : 0;
}

export type MappingSource = 'given' | 'remembered' | 'header' | 'position' | 'none';

export interface MappingGuess {
  phone: number | null;
  params: (number | null)[];
  source: MappingSource;
}

/**
 * Phone and each {n}: by header names first (including the names the user gave the template's
 * variables), then by content for the phone and by position for the rest — Tencent's console
 * template (phone, then one column per {n}) therefore needs no mapping at all.
 */
export function guessMapping(
  header: string[] | null,
  sample: string[][],
  template: ImportTemplate | null,
): MappingGuess {
  const width = Math.max(header?.length ?? 0, ...sample.slice(0, 200).map((r) => r.length), 0);
  const count = paramCountOf(template);
  let byName = false;

  let phone: number | null = null;
  if (header) {
    const i = header.findIndex(isPhoneHeader);
    if (i >= 0 && phoneShare(sample, i) >= 0.3) {
      phone = i;
      byName = true;
    }
  }
  if (phone === null) {
    let best = 0;
    for (let c = 0; c < width; c++) {
      const share = phoneShare(sample, c);
      if (share > best + 1e-9 && share >= 0.3) {
        best = share;
        phone = c;
      }
    }
  }
  if (phone === null && header) {
    // Headers say "phone" but no data row yet (a template file): trust the header.
    const i = header.findIndex(isPhoneHeader);
    if (i >= 0 && sample.length === 0) phone = i;
  }

  const params: (number | null)[] = Array.from({ length: count }, () => null);
  const used = new Set<number>(phone === null ? [] : [phone]);
  if (header && count > 0) {
    const names = (template?.variableNames ?? []).map((n) => headerKey(n));
    header.forEach((h, col) => {
      if (used.has(col)) return;
      let n = headerParamIndex(h);
      if (n === null) {
        const k = headerKey(h);
        const j = k === '' ? -1 : names.indexOf(k);
        if (j >= 0) n = j + 1;
      }
      if (n !== null && n >= 1 && n <= count && params[n - 1] === null) {
        params[n - 1] = col;
        used.add(col);
        byName = true;
      }
    });
  }
  let byPosition = false;
  let next = 0;
  for (let p = 0; p < count; p++) {
    if (params[p] !== null) continue;
    while (next < width && used.has(next)) next++;
    if (next >= width) break;
    params[p] = next;
    used.add(next);
    byPosition = true;
  }
  const source: MappingSource =
    phone === null ? 'none' : byName ? 'header' : byPosition || count === 0 ? 'position' : 'header';
  return { phone, params, source };
}

/** A remembered mapping still fits a file with this many columns. */
export function mappingFits(m: ImportMapping, width: number, paramCount: number): boolean {
  return (
    m.phone < width &&
    m.params.length === paramCount &&
    m.params.every((p) => p === null || p < width)
  );
}
