/**
 * Opt-out rules shared by core (replies) and the settings page: which reply texts mean "stop
 * sending to me". Pure: no Node, no DOM.
 */

/** The default keywords (editable in 设置). */
export const DEFAULT_OPTOUT_KEYWORDS: readonly string[] = [
  'T',
  'TD',
  'N',
  'R',
  '退订',
  '取消',
  '拒收',
  '不要再发',
  'unsubscribe',
  'stop',
];

/** Longest keyword and most keywords the settings accept. */
export const OPTOUT_KEYWORD_MAX = 20;
export const OPTOUT_KEYWORDS_MAX = 50;

/**
 * How a reply or keyword compares: full-width forms folded to ASCII (NFKC: "ＴＤ" is "TD"),
 * case folded, surrounding whitespace and trailing punctuation dropped ("退订。" is "退订").
 */
export function normalizeReplyText(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/[\s.!。！~～]+$/u, '')
    .toLowerCase();
}

/** True when the whole reply is one of the keywords (not when it merely contains one). */
export function isOptOutReply(text: string, keywords: readonly string[]): boolean {
  const t = normalizeReplyText(text);
  if (t === '') return false;
  return keywords.some((k) => normalizeReplyText(k) === t);
}

/** Catalog codes that mean the number refuses messages: a row failing with one joins the list. */
export const REFUSAL_CODES: readonly string[] = [
  'FailedOperation.PhoneNumberInBlacklist',
  // The legacy API's 1015 is read through the same catalog code (tencent-legacy-codes.ts).
];
