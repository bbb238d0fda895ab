import type { TemplateKind } from '../../../shared/domain';
import {
  headerKey,
  headerMeans,
  headerParamIndex,
  isPhoneHeader,
} from '../../../shared/header-synonyms';
import { parsePlaceholders } from '../../../shared/template';
import { inferVariables, type VariableKind } from '../../../shared/variables';
import type { ImportMapping, MappingSource, MappingVia } from '../../../shared/api/imports';
import { ColumnScores, looksLikePhone } from './column-score';

export { headerKey, isPhoneHeader, looksLikePhone };

/** What the import needs to know about a template (from the template room's cache). */
export interface ImportTemplate {
  templateId: string;
  content: string;
  kind: TemplateKind;
  /** Index i names placeholder {i+1}; '' means unnamed. */
  variableNames?: string[];
  /** Index i: kind and label key of {i+1} (chosen or inferred); inferred here when absent. */
  variables?: { kind: VariableKind; labelKey?: string }[];
  /** Longest allowed variable (account-type rule); null: no limit beyond the SMS length. */
  maxLength?: number | null;
}

export const paramCountOf = (t: ImportTemplate | null): number =>
  t ? parsePlaceholders(t.content).count : 0;

/** Kind and label key of each variable, from the template or inferred from its text. */
export function variablesOf(t: ImportTemplate | null): { kind: VariableKind; labelKey: string }[] {
  if (!t) return [];
  const count = paramCountOf(t);
  const inferred = inferVariables(t.content, count);
  return inferred.map((v, i) => {
    const given = t.variables?.[i];
    return given
      ? { kind: given.kind, labelKey: given.labelKey ?? v.label }
      : { kind: v.kind, labelKey: v.label };
  });
}

/** A column that could be the phone column: most filled cells are phone-shaped. */
export const PHONE_SHARE_MIN = 0.5;
/** A variable column found by content alone must fit its kind this well. */
const CONTENT_MIN = 0.7;

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

export interface MappingGuess {
  phone: number | null;
  params: (number | null)[];
  fixed?: (string | null)[] | undefined;
  allowEmpty?: boolean[] | undefined;
  source: MappingSource;
  via: MappingVia[];
}

/** The phone column: a phone title over phone-shaped cells, else the most phone-shaped column. */
function guessPhone(header: string[] | null, scores: ColumnScores, width: number): number | null {
  if (header) {
    const byTitle = header.findIndex(
      (h, c) => isPhoneHeader(h) && scores.get(c, 'phone') >= PHONE_SHARE_MIN,
    );
    if (byTitle >= 0) return byTitle;
  }
  let best: number | null = null;
  let bestShare = PHONE_SHARE_MIN - 1e-9;
  for (let c = 0; c < width; c++) {
    const share = scores.get(c, 'phone');
    if (share > bestShare + 1e-9) {
      bestShare = share;
      best = c;
    }
  }
  return best;
}

/**
 * Phone and each {n} by meaning: `{n}`/变量n/参数n titles, the names the user gave the
 * variables, the kind's synonyms (checked against the content), then the content alone; the
 * position is only the last resort and is reported as such.
 */
export function guessMapping(
  header: string[] | null,
  sample: string[][],
  template: ImportTemplate | null,
): MappingGuess {
  const width = Math.max(header?.length ?? 0, ...sample.slice(0, 200).map((r) => r.length), 0);
  const scores = new ColumnScores(sample);
  const vars = variablesOf(template);
  const count = vars.length;
  const phone = guessPhone(header, scores, width);

  const params: (number | null)[] = Array.from({ length: count }, () => null);
  const via: MappingVia[] = Array.from({ length: count }, () => 'none');
  const used = new Set<number>(phone === null ? [] : [phone]);
  const take = (p: number, col: number, how: MappingVia) => {
    params[p] = col;
    via[p] = how;
    used.add(col);
  };
  // A title that says what the column is still has to agree with what is in it.
  const agrees = (p: number, col: number) =>
    sample.length === 0 || vars[p]!.kind === 'text' || scores.get(col, vars[p]!.kind) >= 0.3;

  if (header && count > 0) {
    header.forEach((h, col) => {
      if (used.has(col)) return;
      const n = headerParamIndex(h);
      if (n !== null && n >= 1 && n <= count && params[n - 1] === null) take(n - 1, col, 'index');
    });
    const names = (template?.variableNames ?? []).map((n) => headerKey(n));
    header.forEach((h, col) => {
      if (used.has(col)) return;
      const k = headerKey(h);
      const j = k === '' ? -1 : names.indexOf(k);
      if (j >= 0 && params[j] === null) take(j, col, 'label');
    });
    for (let p = 0; p < count; p++) {
      if (params[p] !== null) continue;
      const col = header.findIndex(
        (h, c) => !used.has(c) && headerMeans(h, vars[p]!.kind, vars[p]!.labelKey) && agrees(p, c),
      );
      if (col >= 0) take(p, col, 'header');
    }
  }
  // Content: each still-open variable of a recognisable kind takes the column that fits it best.
  for (let p = 0; p < count; p++) {
    if (params[p] !== null || vars[p]!.kind === 'text') continue;
    let best = -1;
    let bestScore = CONTENT_MIN;
    for (let c = 0; c < width; c++) {
      if (used.has(c)) continue;
      const s = scores.get(c, vars[p]!.kind);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    if (best >= 0) take(p, best, 'content');
  }
  let next = 0;
  for (let p = 0; p < count; p++) {
    if (params[p] !== null) continue;
    while (next < width && (used.has(next) || (header !== null && isPhoneHeader(header[next]!))))
      next++;
    if (next >= width) break;
    take(p, next, 'position');
  }
  return { phone, params, source: sourceOf(phone, via), via };
}

export function sourceOf(phone: number | null, via: readonly MappingVia[]): MappingSource {
  if (phone === null) return 'none';
  if (via.some((v) => v === 'position' || v === 'none')) return 'position';
  if (via.some((v) => v === 'content')) return 'content';
  return 'header';
}

/** A remembered or given mapping still fits a file with this many columns. */
export function mappingFits(m: ImportMapping, width: number, paramCount: number): boolean {
  return (
    m.phone < width &&
    m.params.length === paramCount &&
    m.params.every((p) => p === null || p < width) &&
    (m.fixed === undefined || m.fixed.length === paramCount)
  );
}

/** Overall fit of a mapping to the variables' kinds (higher is better); the phone counts twice. */
export function mappingFit(
  m: { phone: number | null; params: (number | null)[] },
  vars: readonly { kind: VariableKind }[],
  scores: ColumnScores,
): number {
  let sum = 2 * scores.get(m.phone, 'phone');
  m.params.forEach((c, p) => {
    const kind = vars[p]?.kind ?? 'text';
    if (kind !== 'text') sum += scores.get(c, kind);
  });
  return sum;
}

/**
 * The content check every mapping gets: two variable columns that fit each other's kinds
 * clearly better swapped, a variable whose column does not fit its kind while another unused
 * column clearly does, or a phone column that holds no phones. Returns the better mapping, or
 * null when this one is as good as the sample can tell.
 */
export function betterMapping(
  m: ImportMapping,
  template: ImportTemplate | null,
  sample: string[][],
  width: number,
): { mapping: ImportMapping; reason: 'swapped' | 'betterColumn' } | null {
  if (sample.length === 0) return null;
  const vars = variablesOf(template);
  const scores = new ColumnScores(sample);
  const params = [...m.params];
  let phone = m.phone;
  let reason: 'swapped' | 'betterColumn' | null = null;
  const fixedAt = (p: number) => m.fixed?.[p] != null;

  // The phone column must hold phones; a variable column that does may be the real one.
  if (scores.get(phone, 'phone') < PHONE_SHARE_MIN) {
    let best = -1;
    for (let c = 0; c < width; c++)
      if (
        scores.get(c, 'phone') >= PHONE_SHARE_MIN &&
        (best < 0 || scores.get(c, 'phone') > scores.get(best, 'phone'))
      )
        best = c;
    if (best >= 0) {
      const p = params.indexOf(best);
      if (p >= 0) {
        params[p] = phone;
        reason = 'swapped';
      } else reason = 'betterColumn';
      phone = best;
    }
  }
  const fit = (p: number, c: number | null) => {
    const kind = vars[p]?.kind ?? 'text';
    return kind === 'text' ? 0.5 : scores.get(c, kind);
  };
  for (let i = 0; i < params.length; i++) {
    for (let j = i + 1; j < params.length; j++) {
      if (fixedAt(i) || fixedAt(j)) continue;
      const a = params[i]!;
      const b = params[j]!;
      if (a === null || b === null) continue;
      if (fit(i, b) + fit(j, a) > fit(i, a) + fit(j, b) + 0.6) {
        params[i] = b;
        params[j] = a;
        reason = 'swapped';
      }
    }
  }
  const used = new Set<number>([phone, ...params.filter((c): c is number => c !== null)]);
  for (let p = 0; p < params.length; p++) {
    const kind = vars[p]?.kind ?? 'text';
    if (kind === 'text' || fixedAt(p) || fit(p, params[p]!) >= 0.5) continue;
    let best = -1;
    for (let c = 0; c < width; c++)
      if (
        !used.has(c) &&
        scores.get(c, kind) >= 0.9 &&
        (best < 0 || scores.get(c, kind) > scores.get(best, kind))
      )
        best = c;
    if (best >= 0) {
      if (params[p] !== null) used.delete(params[p]!);
      params[p] = best;
      used.add(best);
      reason ??= 'betterColumn';
    }
  }
  if (reason === null) return null;
  return { mapping: { ...m, phone, params }, reason };
}
