import { normalizePhone } from '../../../shared/phone';
import type { VariableKind } from '../../../shared/variables';

/** Rows a content check reads: enough to see past a few odd rows, cheap on any file. */
export const SCORE_SAMPLE_ROWS = 1000;

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

const CJK_NAME_RE = /^[\u3400-\u9fff·•]{2,6}$/u;
/** 王先生, 李女士, 张老师: a surname and a form of address. */
const ADDRESSED_RE = /^[\u3400-\u9fff]{1,3}(?:先生|女士|小姐|老师|同学|经理|总)$/u;
const LATIN_NAME_RE = /^[A-Za-z][A-Za-z .'-]{1,40}$/;
const HAS_CJK_RE = /[\u3400-\u9fff]/u;
const CODE_RE = /^\d{4,6}$/;
const DIGITS_RE = /^\d+$/;
const AMOUNT_RE = /^[¥￥$]?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?(?:元)?$/;
const DATE_RE =
  /^\d{2,4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?(?:\s*\d{1,2}[:：点]\d{0,2}分?)?$|^\d{1,2}[:：]\d{2}$|^\d{1,2}月\d{1,2}日/;
const REFERENCE_RE = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_-]{5,39}$/;

/** How well one cell fits a kind: 1 fits, 0 does not. Names with emoji still read as names. */
function cellFits(kind: VariableKind | 'phone', cell: string): number {
  switch (kind) {
    case 'phone':
      return looksLikePhone(cell) ? 1 : 0;
    case 'code':
      return CODE_RE.test(cell) ? 1 : 0;
    case 'number':
      return DIGITS_RE.test(cell) && !looksLikePhone(cell) ? 1 : 0;
    case 'name': {
      const bare = cell.replace(/\p{Extended_Pictographic}|\uFE0F|\u200D/gu, '');
      if (CJK_NAME_RE.test(bare) || ADDRESSED_RE.test(bare)) return 1;
      return LATIN_NAME_RE.test(bare) ? 0.8 : 0;
    }
    case 'amount':
      return AMOUNT_RE.test(cell.replace(/\s/g, '')) ? 1 : 0;
    case 'datetime':
      return DATE_RE.test(cell) ? 1 : 0;
    case 'reference':
      return REFERENCE_RE.test(cell) && !looksLikePhone(cell) ? 1 : 0;
    case 'text':
      // Anything fits free text; prose (Chinese, not a bare number) fits it best.
      return HAS_CJK_RE.test(cell) ? 0.6 : DIGITS_RE.test(cell) ? 0.2 : 0.4;
  }
}

/**
 * Share of a column's filled cells (first SCORE_SAMPLE_ROWS rows) that fit a kind, 0..1. An
 * empty column fits nothing.
 */
export function columnScore(
  rows: readonly (readonly string[])[],
  col: number,
  kind: VariableKind | 'phone',
): number {
  let filled = 0;
  let sum = 0;
  const n = Math.min(rows.length, SCORE_SAMPLE_ROWS);
  for (let i = 0; i < n; i++) {
    const c = rows[i]![col]?.trim() ?? '';
    if (c === '') continue;
    filled++;
    sum += cellFits(kind, c);
  }
  return filled === 0 ? 0 : sum / filled;
}

/** Memoises scores per (column, kind) for one sample. */
export class ColumnScores {
  private readonly cache = new Map<string, number>();
  constructor(private readonly rows: readonly (readonly string[])[]) {}

  get(col: number | null, kind: VariableKind | 'phone'): number {
    if (col === null) return 0;
    const key = `${col}:${kind}`;
    let v = this.cache.get(key);
    if (v === undefined) {
      v = columnScore(this.rows, col, kind);
      this.cache.set(key, v);
    }
    return v;
  }
}
