import type { ImportIssue, ImportMapping } from '../../../shared/api/imports';
import { normalizePhone, type PhoneProblem } from '../../../shared/phone';
import {
  checkVariableValue,
  type VariableRule,
  type VariableRuleProblem,
} from '../../../shared/variables';
import { variablesOf, type ImportTemplate } from './mapping';
import { PhoneTable } from './phone-table';

/** Stored as an integer in import_rows.status. */
export const RowStatus = { Ok: 0, Problem: 1, Duplicate: 2, SamePhone: 3 } as const;
export type RowStatus = (typeof RowStatus)[keyof typeof RowStatus];

export interface CheckedRow {
  seq: number;
  rowNumber: number;
  cells: string[];
  phone: string | null;
  params: string[];
  status: RowStatus;
  issues: ImportIssue[] | null;
  duplicateOf: number | null;
}

const PHONE_ISSUE: Record<PhoneProblem, string> = {
  empty: 'phoneEmpty',
  scientific: 'phoneScientific',
  invalid: 'phoneInvalid',
  internationalDisabled: 'phoneInternationalDisabled',
  tooShort: 'phoneTooShort',
  tooLong: 'phoneTooLong',
  notMobile: 'phoneNotMobile',
};
const VARIABLE_ISSUE: Record<VariableRuleProblem, string> = {
  empty: 'variableEmpty',
  notDigits: 'variableNotDigits',
  tooLong: 'variableTooLong',
  url: 'variableUrl',
  notName: 'variableNotName',
  notAmount: 'variableNotAmount',
  notDate: 'variableNotDate',
  notReference: 'variableNotReference',
};

/** Two independent 26-bit FNV-1a hashes in one exact double: collisions are not a practical concern. */
function hashParams(parts: readonly string[], skip = -1): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let p = 0; p < parts.length; p++) {
    if (p === skip) continue;
    const s = parts[p]!;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 16777619);
      b = Math.imul(b ^ c, 2246822519);
    }
    a = Math.imul(a ^ 0x1f, 16777619);
    b = Math.imul(b ^ 0x1f, 2246822519);
  }
  return (a >>> 6) * 67108864 + (b >>> 6);
}

export interface RowCounts {
  total: number;
  valid: number;
  problems: number;
  duplicatesRemoved: number;
  samePhoneDifferentParams: number;
  /** Phones that get more than one (different) message. */
  samePhonePhones: number;
  /** Sendable rows whose code variable is empty (allowed, but shown). */
  emptyCodes: number;
  distinctPhones: number;
}

/**
 * Validates rows in file order and removes exact repeats. Keeps per phone only its first row
 * and a hash of its variables (not the rows), so a million rows fit the memory budget.
 * Rows whose phone returns with other variables are kept and flagged, the first one included:
 * its seq is reported by `finish()` because it was already handed on.
 */
export class RowChecker {
  private seq = 0;
  private readonly firstByPhone: PhoneTable;
  private firstSeq: Int32Array;
  private firstRow: Int32Array;
  private firstHash: Float64Array;
  private firstFlagged: Uint8Array;
  /** Only for phones seen with more than one set of variables: hash → first row number. */
  private readonly variants = new Map<string, Map<number, number>>();
  private readonly lateFlags: number[] = [];
  readonly counts: RowCounts = {
    total: 0,
    valid: 0,
    problems: 0,
    duplicatesRemoved: 0,
    samePhoneDifferentParams: 0,
    samePhonePhones: 0,
    emptyCodes: 0,
    distinctPhones: 0,
  };
  /** Index p: the rule of {p+1}, from its kind, the template kind and the account's limit. */
  private readonly rules: VariableRule[];

  constructor(
    private readonly mapping: ImportMapping,
    private readonly template: ImportTemplate | null,
    private readonly international: boolean,
    /** A guess of the row count: sizing once beats doubling twenty times. */
    expectedRows = 1024,
  ) {
    this.rules = variablesOf(template).map((v, p) => ({
      kind: v.kind,
      templateKind: template!.kind,
      maxLength: template!.maxLength ?? null,
      allowEmpty: mapping.allowEmpty?.[p] ?? false,
    }));
    const n = Math.min(Math.max(1024, Math.ceil(expectedRows)), 1 << 22);
    this.firstByPhone = new PhoneTable(1 << Math.ceil(Math.log2(n * 2)));
    this.firstSeq = new Int32Array(n);
    this.firstRow = new Int32Array(n);
    this.firstHash = new Float64Array(n);
    this.firstFlagged = new Uint8Array(n);
  }

  check(cells: string[], rowNumber: number): CheckedRow {
    const seq = this.seq++;
    const m = this.mapping;
    let issues: ImportIssue[] | null = null;
    const pr = normalizePhone(cells[m.phone] ?? '', { international: this.international });
    if (!pr.ok) issues = [{ code: PHONE_ISSUE[pr.reason], column: m.phone }];

    let params: string[];
    let dedupeParts: string[];
    let skip = -1;
    const t = this.template;
    if (t) {
      params = new Array<string>(m.params.length);
      for (let p = 0; p < m.params.length; p++) {
        const col = m.params[p];
        const fixed = m.fixed?.[p];
        if (fixed !== null && fixed !== undefined) {
          params[p] = fixed;
          const problem = checkVariableValue(fixed, this.rules[p]!);
          if (problem !== null)
            (issues ??= []).push({
              code: VARIABLE_ISSUE[problem],
              column: null,
              details: { n: p + 1 },
            });
          continue;
        }
        if (col === null || col === undefined) {
          params[p] = '';
          (issues ??= []).push({ code: 'variableUnmapped', column: null, details: { n: p + 1 } });
          continue;
        }
        const v = (cells[col] ?? '').trim();
        params[p] = v;
        const problem = checkVariableValue(v, this.rules[p]!);
        if (problem !== null)
          (issues ??= []).push({
            code: VARIABLE_ISSUE[problem],
            column: col,
            details: { n: p + 1 },
          });
      }
      dedupeParts = params;
    } else {
      // No template yet: every other column counts when deciding what is an exact repeat.
      params = [];
      dedupeParts = cells;
      skip = m.phone;
    }

    this.counts.total++;
    if (issues !== null || !pr.ok) {
      this.counts.problems++;
      return {
        seq,
        rowNumber,
        cells,
        phone: pr.ok ? pr.e164 : null,
        params,
        status: RowStatus.Problem,
        issues,
        duplicateOf: null,
      };
    }
    const phone = pr.e164;
    const hash = hashParams(dedupeParts, skip);
    const slot = this.firstByPhone.get(PhoneTable.keyOf(phone));
    if (slot < 0) {
      this.remember(phone, seq, rowNumber, hash);
      this.counts.valid++;
      this.counts.distinctPhones++;
      this.countEmptyCode(params);
      return sendable(seq, rowNumber, cells, phone, params, RowStatus.Ok);
    }
    if (this.firstHash[slot] === hash) {
      this.counts.duplicatesRemoved++;
      return dup(seq, rowNumber, cells, phone, params, this.firstRow[slot]!);
    }
    let seen = this.variants.get(phone);
    if (!seen) {
      seen = new Map([[this.firstHash[slot]!, this.firstRow[slot]!]]);
      this.variants.set(phone, seen);
    }
    const earlier = seen.get(hash);
    if (earlier !== undefined) {
      this.counts.duplicatesRemoved++;
      return dup(seq, rowNumber, cells, phone, params, earlier);
    }
    seen.set(hash, rowNumber);
    if (!this.firstFlagged[slot]) {
      this.firstFlagged[slot] = 1;
      this.lateFlags.push(this.firstSeq[slot]!);
      this.counts.samePhoneDifferentParams++;
      this.counts.samePhonePhones++;
    }
    this.counts.valid++;
    this.counts.samePhoneDifferentParams++;
    this.countEmptyCode(params);
    return sendable(seq, rowNumber, cells, phone, params, RowStatus.SamePhone);
  }

  private countEmptyCode(params: readonly string[]): void {
    for (let p = 0; p < params.length; p++) {
      if (params[p] === '' && this.rules[p]?.kind === 'code') {
        this.counts.emptyCodes++;
        return;
      }
    }
  }

  /** Seqs of first rows that turned out to share their phone with other variables. */
  finish(): number[] {
    return this.lateFlags;
  }

  private remember(phone: string, seq: number, rowNumber: number, hash: number): void {
    const slot = this.firstByPhone.size;
    if (slot >= this.firstSeq.length) {
      const n = this.firstSeq.length * 2;
      this.firstSeq = grow(this.firstSeq, new Int32Array(n));
      this.firstRow = grow(this.firstRow, new Int32Array(n));
      this.firstHash = grow(this.firstHash, new Float64Array(n));
      this.firstFlagged = grow(this.firstFlagged, new Uint8Array(n));
    }
    this.firstByPhone.add(PhoneTable.keyOf(phone), slot);
    this.firstSeq[slot] = seq;
    this.firstRow[slot] = rowNumber;
    this.firstHash[slot] = hash;
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** A row that will be sent: first of its phone, or same phone with other variables. */
function sendable(
  seq: number,
  rowNumber: number,
  cells: string[],
  phone: string,
  params: string[],
  status: typeof RowStatus.Ok | typeof RowStatus.SamePhone,
): CheckedRow {
  return { seq, rowNumber, cells, phone, params, status, issues: null, duplicateOf: null };
}

function dup(
  seq: number,
  rowNumber: number,
  cells: string[],
  phone: string,
  params: string[],
  of: number,
): CheckedRow {
  return {
    seq,
    rowNumber,
    cells,
    phone,
    params,
    status: RowStatus.Duplicate,
    issues: [{ code: 'duplicate', column: null, details: { row: of } }],
    duplicateOf: of,
  };
}
