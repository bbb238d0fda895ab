import type { AccountType, TemplateKind } from './domain';
import { billedSegments, MAX_SMS_LENGTH, smsLength } from './segments';
import { cleanSignName } from './signs';
import {
  checkVariableValue,
  looksLikeUrl,
  type VariableKind,
  type VariableRuleProblem,
} from './variables';

/**
 * Template rules (tencent-sms.md §4): `{1}`, `{2}` … placeholders, variable value rules, the
 * marketing unsubscribe suffix and the rendered preview.
 */

export type TemplateProblem =
  /** Placeholders are not 1..n: `missing` lists the numbers that never appear. */
  | { code: 'gap'; missing: number[] }
  /** `{0}` or `{01}`: Tencent numbers variables from 1 without leading zeros. */
  | { code: 'badIndex'; text: string }
  /** Two placeholders with nothing between them, e.g. `{1}{2}`. */
  | { code: 'adjacent'; first: number; second: number }
  /** Nothing but placeholders (and whitespace). */
  | { code: 'allVariables' }
  /** 【 or 】 in the template body (reserved for the signature). */
  | { code: 'brackets' }
  /** Empty or whitespace-only content. */
  | { code: 'empty' }
  /** A marketing template that does not end with the unsubscribe phrase. */
  | { code: 'noUnsubscribe' };
export type TemplateProblemCode = TemplateProblem['code'];

export type VariableProblem = VariableRuleProblem;

/** Per-variable length limit of individual (personal) accounts under the long-standing rule. */
export const PERSONAL_VARIABLE_MAX_LENGTH = 12;
/** Verification-code variables: 0–6 ASCII digits (`TemplateParameterFormatError` otherwise). */
export const VERIFICATION_MAX_DIGITS = 6;
export const MARKETING_SUFFIX = '拒收请回复R';

/** Default variable length limit for an account type: enterprises have none (null). */
export function defaultVariableMaxLength(accountType: AccountType): number | null {
  return accountType === 'personal' ? PERSONAL_VARIABLE_MAX_LENGTH : null;
}

// Matches any brace group made of digits so `{0}` and `{01}` can be reported, not silently ignored.
const PLACEHOLDER_RE = /\{(\d+)\}/g;
const VALID_INDEX_RE = /^[1-9]\d*$/;

/** Placeholders in order of appearance (valid ones only), with their offsets. */
export function findPlaceholders(content: string): { index: number; start: number; end: number }[] {
  const out: { index: number; start: number; end: number }[] = [];
  for (const m of content.matchAll(PLACEHOLDER_RE)) {
    const digits = m[1] ?? '';
    if (!VALID_INDEX_RE.test(digits)) continue;
    out.push({ index: Number(digits), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Count of variables (the highest `{n}`, so a form can still show a field for each slot when
 * there is a gap) and every rule the content breaks. A variable may appear more than once.
 */
export function parsePlaceholders(content: string): {
  count: number;
  problems: TemplateProblem[];
} {
  const problems: TemplateProblem[] = [];
  if (content.trim() === '') return { count: 0, problems: [{ code: 'empty' }] };

  const found = findPlaceholders(content);
  for (const m of content.matchAll(PLACEHOLDER_RE)) {
    const digits = m[1] ?? '';
    if (!VALID_INDEX_RE.test(digits)) problems.push({ code: 'badIndex', text: m[0] });
  }

  let count = 0;
  const seen = new Set<number>();
  for (const p of found) {
    seen.add(p.index);
    if (p.index > count) count = p.index;
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0) problems.push({ code: 'gap', missing });

  for (let i = 1; i < found.length; i++) {
    const prev = found[i - 1];
    const cur = found[i];
    if (prev && cur && prev.end === cur.start) {
      problems.push({ code: 'adjacent', first: prev.index, second: cur.index });
    }
  }

  if (found.length > 0 && content.replace(PLACEHOLDER_RE, '').trim() === '') {
    problems.push({ code: 'allVariables' });
  }
  if (content.includes('【') || content.includes('】')) problems.push({ code: 'brackets' });

  return { count, problems };
}

/** parsePlaceholders plus the rules that depend on the template's kind. */
export function checkTemplate(content: string, kind: TemplateKind | undefined): TemplateProblem[] {
  const { problems } = parsePlaceholders(content);
  if (kind === 'marketing' && !hasMarketingSuffix(content))
    problems.push({ code: 'noUnsubscribe' });
  return problems;
}

/**
 * Fills `{n}` with params[n-1]. A placeholder without a value stays literally `{n}` so a preview
 * shows what is still missing instead of silently dropping it.
 */
export function renderTemplate(content: string, params: readonly string[]): string {
  return content.replace(PLACEHOLDER_RE, (whole: string, digits: string) => {
    if (!VALID_INDEX_RE.test(digits)) return whole;
    const value = params[Number(digits) - 1];
    return value === undefined ? whole : value;
  });
}

/**
 * The text the phone shows: `【sign】body`. A sign typed with its own brackets is not doubled;
 * no (or blank) sign gives the body alone.
 */
export function renderedMessage(sign: string | undefined, body: string): string {
  const name = normalizeSignName(sign);
  return name === '' ? body : `【${name}】${body}`;
}

/** Sign name without surrounding whitespace or 【】 (users often paste them). */
export function normalizeSignName(sign: string | undefined): string {
  return sign === undefined ? '' : cleanSignName(sign);
}

/**
 * Tolerated variants of the unsubscribe phrase at the very end: half/full-width or lower-case R
 * (R r Ｒ ｒ), and any trailing whitespace or sentence punctuation (。.．!！~～) after it. Text
 * after the phrase other than that (e.g. "拒收请回复R谢谢") does not count: Tencent wants the
 * phrase last.
 */
const MARKETING_SUFFIX_RE = /拒收请回复[RrＲｒ][\s。.．!！~～]*$/;

export function hasMarketingSuffix(content: string): boolean {
  return MARKETING_SUFFIX_RE.test(content);
}

/** 'marketing' when the content ends with the unsubscribe phrase; otherwise no guess. */
export function guessTemplateKind(content: string): TemplateKind | undefined {
  return hasMarketingSuffix(content) ? 'marketing' : undefined;
}

const ASCII_DIGITS_RE = /^[0-9]+$/;
export { looksLikeUrl };

/**
 * One variable value against its template's rules. Verification codes: 1–6 ASCII digits
 * (Tencent allows 0 digits, but an empty code is almost always a mistake, so it is reported as
 * 'empty' for the user to confirm). Other kinds: no link, at most `maxLength` characters counted
 * like the message (smsLength) when maxLength is not null.
 */
export function validateVariable(
  value: string,
  rule: { kind: TemplateKind; maxLength: number | null; variableKind?: VariableKind | undefined },
): VariableProblem | null {
  // With the variable's own kind, its rule applies inside the template kind's bound.
  if (rule.variableKind !== undefined)
    return checkVariableValue(value, {
      kind: rule.variableKind,
      templateKind: rule.kind,
      maxLength: rule.maxLength,
    });
  if (value === '') return 'empty';
  if (rule.kind === 'verification') {
    if (!ASCII_DIGITS_RE.test(value)) return 'notDigits';
    return value.length > VERIFICATION_MAX_DIGITS ? 'tooLong' : null;
  }
  if (value.trim() === '') return 'empty';
  if (looksLikeUrl(value)) return 'url';
  if (rule.maxLength !== null && smsLength(value) > rule.maxLength) return 'tooLong';
  return null;
}

export interface Preview {
  /** Exactly what the phone shows, signature included. */
  text: string;
  length: number;
  segments: number;
  /** Over MAX_SMS_LENGTH: Tencent rejects it. */
  tooLong: boolean;
}

export function preview(input: {
  sign?: string;
  content: string;
  params: string[];
  international?: boolean;
}): Preview {
  const text = renderedMessage(input.sign, renderTemplate(input.content, input.params));
  const length = smsLength(text);
  return {
    text,
    length,
    segments: billedSegments(text, { international: input.international ?? false }),
    tooLong: length > MAX_SMS_LENGTH,
  };
}
