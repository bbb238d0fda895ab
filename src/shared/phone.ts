import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type PhoneNumber,
} from 'libphonenumber-js/max';

/**
 * Phone number normalisation for everything a user types, pastes or imports from Excel.
 *
 * Speed matters (a million imported rows, ≤ 1 µs per number on average, performance.md): the
 * common cases are settled by hand-written char-code loops without allocating regexes or arrays;
 * libphonenumber-js with full metadata (`max`, because `min` accepts invalid lengths) is only
 * consulted for international numbers.
 *
 * Rules:
 * - Mainland mobile: 11 digits `1[3-9]xxxxxxxxx`, optionally after `+86`, `86` (only when exactly
 *   13 digits result, so a stray 86 is not eaten) or `0086`.
 * - International numbers must carry a country code marked by `+` or `00`; a bare digit string is
 *   always read as a mainland number (no guessing of foreign numbers without a prefix).
 * - Tolerated noise: surrounding whitespace, one leading apostrophe (Excel's "text" marker),
 *   full-width digits and plus, spaces (incl. ideographic), dashes, dots, parentheses, and
 *   Excel's trailing `.0`.
 * - Excel scientific notation (`1.38123E+10`) is reported as 'scientific': the digits are lost
 *   and cannot be repaired.
 */

export type PhoneProblem =
  | 'empty'
  | 'scientific'
  | 'invalid'
  | 'internationalDisabled'
  | 'tooShort'
  | 'tooLong'
  | 'notMobile';

export type PhoneResult =
  { ok: true; e164: string; mainland: boolean } | { ok: false; reason: PhoneProblem };

const EMPTY: PhoneResult = { ok: false, reason: 'empty' };
const SCIENTIFIC: PhoneResult = { ok: false, reason: 'scientific' };
const INVALID: PhoneResult = { ok: false, reason: 'invalid' };
const INTL_DISABLED: PhoneResult = { ok: false, reason: 'internationalDisabled' };
const TOO_SHORT: PhoneResult = { ok: false, reason: 'tooShort' };
const TOO_LONG: PhoneResult = { ok: false, reason: 'tooLong' };
const NOT_MOBILE: PhoneResult = { ok: false, reason: 'notMobile' };

/** Anything longer is not a phone number, whatever it contains (and bounds the work per cell). */
const MAX_RAW_LENGTH = 64;
/** E.164 allows at most 15 digits after the plus. */
const MAX_E164_DIGITS = 15;

/** Excel's rendering of a long number as a float, e.g. 1.38123E+10 or 1.38E10. Compiled once. */
const SCIENTIFIC_RE = /^[0-9](?:[.,][0-9]*)?[eE][+]?[0-9]+$/;

/** Line types that cannot receive SMS. */
const NON_MOBILE_TYPES = new Set([
  'FIXED_LINE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'UAN',
  'VOICEMAIL',
]);

const C_0 = 48;
const C_9 = 57;

/** `1[3-9]` followed by 9 more ASCII digits, from `start` to the end of `s`. */
function isMainlandMobile(s: string, start: number): boolean {
  if (s.length - start !== 11) return false;
  if (s.charCodeAt(start) !== 49) return false;
  const second = s.charCodeAt(start + 1);
  if (second < 51 || second > C_9) return false;
  for (let i = start + 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < C_0 || c > C_9) return false;
  }
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0xfeff;
}

function isSeparator(c: number): boolean {
  return (
    isSpace(c) ||
    c === 45 || // -
    c === 46 || // .
    c === 40 || // (
    c === 41 || // )
    c === 0xff0d || // －
    c === 0xff0e || // ．
    c === 0xff08 || // （
    c === 0xff09 || // ）
    c === 0x2212 || // − minus sign
    (c >= 0x2010 && c <= 0x2015) // hyphens and dashes
  );
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2018 || c === 0x2019 || c === 0x60;
}

/**
 * A mainland landline: area code (2–3 digits after the trunk 0, "010", "0755") and a 7–8 digit
 * subscriber number. Written with the trunk 0 nationally, without it after +86.
 */
function isMainlandLandline(national: string, withCountryCode: boolean): boolean {
  if (withCountryCode) {
    const c = national.charCodeAt(0);
    const areaOk = (c >= 50 && c <= C_9) || national.startsWith('10');
    return areaOk && national.length >= 9 && national.length <= 11;
  }
  // Area codes are 010, 02x and 03xx–09xx, so "01" must be followed by 0.
  const second = national.charCodeAt(1);
  const areaOk = second >= 50 && second <= C_9 ? true : national.startsWith('010');
  return national.charCodeAt(0) === C_0 && areaOk && national.length >= 10 && national.length <= 12;
}

function mainlandResult(national: string, withCountryCode: boolean): PhoneResult {
  if (isMainlandMobile(national, 0)) return { ok: true, e164: '+86' + national, mainland: true };
  if (isMainlandLandline(national, withCountryCode)) return NOT_MOBILE;
  if (national.length < 11) return TOO_SHORT;
  if (national.length > 11) return TOO_LONG;
  return INVALID;
}

function internationalResult(digits: string): PhoneResult {
  if (digits.length > MAX_E164_DIGITS) return TOO_LONG;
  const text = '+' + digits;
  let parsed: PhoneNumber | undefined;
  try {
    parsed = parsePhoneNumberFromString(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !parsed.isValid()) {
    const lengthProblem = validatePhoneNumberLength(text);
    if (lengthProblem === 'TOO_SHORT') return TOO_SHORT;
    if (lengthProblem === 'TOO_LONG') return TOO_LONG;
    return INVALID;
  }
  const type = parsed.getType();
  if (type !== undefined && NON_MOBILE_TYPES.has(type)) return NOT_MOBILE;
  return { ok: true, e164: parsed.number, mainland: false };
}

/** Normalises one number to E.164 or says why it cannot be sent to. */
export function normalizePhone(raw: string, opts?: { international?: boolean }): PhoneResult {
  // Fast path: a clean 11-digit mainland mobile, by far the most common input.
  if (isMainlandMobile(raw, 0)) return { ok: true, e164: '+86' + raw, mainland: true };
  if (raw.length > MAX_RAW_LENGTH) return TOO_LONG;

  let start = 0;
  let end = raw.length;
  while (start < end && isSpace(raw.charCodeAt(start))) start++;
  while (end > start && isSpace(raw.charCodeAt(end - 1))) end--;
  if (start < end && isApostrophe(raw.charCodeAt(start))) {
    start++;
    while (start < end && isSpace(raw.charCodeAt(start))) start++;
  }
  if (start === end) return EMPTY;

  // Excel's trailing ".0" / ".00" (a number cell shown with decimals). Only when it is the sole
  // dot, so "138.1234.00" written with dot separators is not cut.
  let zeros = end;
  while (zeros > start && end - zeros < 2 && raw.charCodeAt(zeros - 1) === C_0) zeros--;
  if (zeros < end && zeros - 1 > start && raw.charCodeAt(zeros - 1) === 46) {
    const before = raw.charCodeAt(zeros - 2);
    if (before >= C_0 && before <= C_9 && raw.lastIndexOf('.', zeros - 2) < start) end = zeros - 1;
  }

  let digits = '';
  let plus = false;
  for (let i = start; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= C_0 && c <= C_9) {
      digits += raw.charAt(i);
    } else if (c >= 0xff10 && c <= 0xff19) {
      digits += String.fromCharCode(c - 0xff10 + C_0);
    } else if (c === 43 || c === 0xff0b) {
      if (plus || digits.length > 0) return INVALID;
      plus = true;
    } else if (isSeparator(c)) {
      continue;
    } else {
      // Rare, so the slice is affordable: "1.38123E+10" or, with a decimal comma, "1,38E+10".
      return SCIENTIFIC_RE.test(raw.slice(start, end)) ? SCIENTIFIC : INVALID;
    }
  }
  if (digits.length === 0) return INVALID;

  let intl: string;
  if (plus) {
    if (digits.startsWith('86')) return mainlandResult(digits.slice(2), true);
    intl = digits;
  } else if (digits.startsWith('00')) {
    if (digits.startsWith('0086')) return mainlandResult(digits.slice(4), true);
    intl = digits.slice(2);
  } else if (digits.length === 13 && digits.startsWith('86')) {
    return mainlandResult(digits.slice(2), true);
  } else {
    return mainlandResult(digits, false);
  }

  if (intl.length === 0) return INVALID;
  if (!opts?.international) return INTL_DISABLED;
  return internationalResult(intl);
}

/**
 * How a person writes the number: mainland `138 1234 5678`, others in libphonenumber's
 * international format (`+44 7911 123456`). Anything unparsable comes back unchanged.
 */
export function formatPhone(e164: string): string {
  if (e164.length === 14 && e164.startsWith('+86')) {
    return `${e164.slice(3, 6)} ${e164.slice(6, 10)} ${e164.slice(10)}`;
  }
  try {
    return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  } catch {
    return e164;
  }
}

/** Hard separators: newlines, commas (half/full width), 、, semicolons (half/full width), tabs. */
const HARD_SEPARATORS_RE = /[\r\n,，、;；\t]+/;
const SPACES_RE = /[ \u00a0\u3000]+/;
/** A written number is at most this many space-separated groups (e.g. "+86 138 1234 5678"). */
const MAX_GROUPS = 6;

function startsNumberAt(tokens: readonly string[], i: number): number {
  let joined = '';
  for (let j = i; j < tokens.length && j < i + MAX_GROUPS; j++) {
    joined = j === i ? (tokens[j] ?? '') : `${joined} ${tokens[j] ?? ''}`;
    if (normalizePhone(joined, { international: true }).ok) return j;
  }
  return -1;
}

/**
 * Splits pasted text into number candidates. Newlines, commas, 、, semicolons and tabs always
 * separate. Spaces separate only between numbers: within a piece, the fewest consecutive
 * space-separated groups that form a valid number become one entry ("+86 138 1234 5678" is one
 * number, "13812345678 13912345678" are two). Groups that start no valid number are kept
 * together up to where the next valid number begins, so "138 1234 567" is reported as one
 * invalid entry rather than three.
 */
export function splitPhoneList(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(HARD_SEPARATORS_RE)) {
    const trimmed = piece.trim();
    if (trimmed === '') continue;
    const tokens = trimmed.split(SPACES_RE);
    if (tokens.length === 1) {
      out.push(trimmed);
      continue;
    }
    let i = 0;
    let pending: string[] = [];
    while (i < tokens.length) {
      const last = startsNumberAt(tokens, i);
      if (last >= 0) {
        if (pending.length > 0) out.push(pending.join(' '));
        pending = [];
        out.push(tokens.slice(i, last + 1).join(' '));
        i = last + 1;
      } else {
        pending.push(tokens[i] ?? '');
        i++;
      }
    }
    if (pending.length > 0) out.push(pending.join(' '));
  }
  return out;
}
