import { z } from 'zod';
import type { TemplateKind } from './domain';
import { smsLength } from './segments';

/**
 * What a template variable means, in the spirit of the variable types Chinese SMS consoles use.
 * Each kind has its own value rule; the template kind (a verification template takes 0–6
 * digits everywhere) and the account's per-variable length stay the outer bound, as Tencent
 * applies them (tencent-sms.md §4).
 */
export const variableKindSchema = z.enum([
  'code',
  'number',
  'name',
  'amount',
  'datetime',
  'reference',
  'text',
]);
export type VariableKind = z.infer<typeof variableKindSchema>;
export const VARIABLE_KINDS = variableKindSchema.options;

export type VariableRuleProblem =
  'empty' | 'notDigits' | 'tooLong' | 'url' | 'notName' | 'notAmount' | 'notDate' | 'notReference';

/** Verification codes: 0–6 ASCII digits (`TemplateParameterFormatError` otherwise). */
export const CODE_MAX_DIGITS = 6;

const ASCII_DIGITS_RE = /^[0-9]+$/;
/** ¥12.50, 1,280.00元, -3.5 — a sign or currency mark, grouped or plain digits, at most 2 decimals. */
const AMOUNT_RE = /^[¥￥$]?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?(?:元|块)?$/;
/** A date or time has a digit or a calendar word; plain prose does not. */
const DATE_RE =
  /[0-9]|[今明后昨][天日晚早]|周[一二三四五六日天]|星期|上午|下午|中午|晚上|凌晨|[年月日号时点分]/;
const REFERENCE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const URL_SCHEME_RE = /(?:https?|ftp):\/\//i;
const WWW_RE = /(?:^|[^a-z0-9])www\.[a-z0-9-]/i;
/** `host.tld/…` — a dotted name whose last label is letters, followed by a path. */
const DOMAIN_PATH_RE = /[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?\//i;
/** A bare domain on a well-known TLD, e.g. "t.cn" or "example.com" with nothing after it. */
const DOMAIN_TLD_RE =
  /(?:^|[^a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|vip|cc|io|me|info|co|site|shop|link|ly|app|tv|so)(?![a-z0-9-])/i;

/** True when a value looks like a link (Tencent forbids links inside variables). */
export function looksLikeUrl(value: string): boolean {
  return (
    URL_SCHEME_RE.test(value) ||
    WWW_RE.test(value) ||
    DOMAIN_PATH_RE.test(value) ||
    DOMAIN_TLD_RE.test(value)
  );
}

/** Whether an empty value is a normal thing to send for this kind (Tencent allows an empty code). */
export const emptyAllowedByKind = (kind: VariableKind): boolean => kind === 'code';

export interface VariableRule {
  kind: VariableKind;
  /** The template's kind: a verification template takes 0–6 digits in every variable. */
  templateKind: TemplateKind;
  /** The account's per-variable limit (null: none beyond the SMS length). */
  maxLength: number | null;
  /** 数字 only: the longest number the user expects (null: the outer bound alone). */
  digits?: number | null;
  /** The import's "allow empty {n}" switch. */
  allowEmpty?: boolean;
}

/**
 * One value against its variable's rule, then the outer bound. Full-width digits are not
 * digits here: Tencent's code check is ASCII only.
 */
export function checkVariableValue(value: string, rule: VariableRule): VariableRuleProblem | null {
  if (value === '') return emptyAllowedByKind(rule.kind) || rule.allowEmpty ? null : 'empty';
  if (value.trim() === '') return rule.allowEmpty ? null : 'empty';
  if (rule.templateKind === 'verification' || rule.kind === 'code') {
    if (!ASCII_DIGITS_RE.test(value)) return 'notDigits';
    return value.length > CODE_MAX_DIGITS ? 'tooLong' : null;
  }
  if (looksLikeUrl(value)) return 'url';
  const own = kindProblem(value, rule);
  if (own !== null) return own;
  if (rule.maxLength !== null && smsLength(value) > rule.maxLength) return 'tooLong';
  return null;
}

function kindProblem(value: string, rule: VariableRule): VariableRuleProblem | null {
  switch (rule.kind) {
    case 'number':
      if (!ASCII_DIGITS_RE.test(value)) return 'notDigits';
      return rule.digits != null && value.length > rule.digits ? 'tooLong' : null;
    case 'name':
      // A name made of digits (or a phone) is a column mix-up, not a customer's name.
      return /^[\d\s+\-().]+$/.test(value) ? 'notName' : null;
    case 'amount':
      return AMOUNT_RE.test(value.replace(/\s/g, '')) ? null : 'notAmount';
    case 'datetime':
      return DATE_RE.test(value) ? null : 'notDate';
    case 'reference':
      return REFERENCE_RE.test(value) ? null : 'notReference';
    default:
      return null;
  }
}

export interface InferredVariable {
  kind: VariableKind;
  /** What it stands for, as a catalog key under `templates.variableLabel.*` (e.g. minutes). */
  label: string;
}

interface KindCue {
  kind: VariableKind;
  label: string;
  /** Text right before the placeholder. */
  before?: RegExp;
  /** Text right after the placeholder. */
  after?: RegExp;
}

/**
 * Cues read from the template text around `{n}`, most specific first. `before` sees up to 12
 * characters before the placeholder, `after` up to 8 after it.
 */
const CUES: KindCue[] = [
  {
    kind: 'code',
    label: 'code',
    before: /(?:验证码|校验码|动态码|动态密码|确认码|code)[为是：:\s]*$/i,
  },
  {
    kind: 'code',
    label: 'code',
    after: /^(?:是|为)?(?:您|你)?的?(?:登录|注册|身份|安全|操作)?(?:验证码|校验码|动态码)/,
  },
  { kind: 'number', label: 'minutes', after: /^\s*分钟/ },
  { kind: 'number', label: 'hours', after: /^\s*(?:个)?小时/ },
  { kind: 'number', label: 'days', after: /^\s*天/ },
  { kind: 'amount', label: 'amount', before: /[¥￥$]\s*$/ },
  { kind: 'amount', label: 'amount', after: /^\s*(?:元|块)/ },
  {
    kind: 'amount',
    label: 'amount',
    before:
      /(?:金额|应付|实付|应缴|余额|欠费|消费|充值|支付|付款|退款|费用|价格|优惠)[为是：:\s]*$/,
  },
  { kind: 'number', label: 'count', after: /^\s*(?:件|个|份|位|次|条|积分|分|张|人)/ },
  {
    kind: 'reference',
    label: 'reference',
    before: /(?:单号|订单号|运单号|快递号|订单|编号|取件码|提货码|取货码|券码|工单)[为是：:\s]*$/,
  },
  {
    kind: 'datetime',
    label: 'time',
    before: /(?:日期|时间|于|在|截止|到期|有效期至|预约|将在|定于)[为是：:\s]*$/,
  },
  { kind: 'datetime', label: 'time', after: /^\s*(?:前|之前|到期|开始|截止|起)/ },
  { kind: 'name', label: 'name', after: /^\s*(?:您好|你好|先生|女士|老师|同学|家长|同志)/ },
  { kind: 'name', label: 'name', before: /(?:尊敬的|亲爱的)\s*$/ },
  { kind: 'name', label: 'name', before: /(?:客户|会员|用户|患者|学员|姓名|联系人)[：:\s]*$/ },
  { kind: 'text', label: 'address', before: /(?:地址|门店|地点)[为是：:\s]*$/ },
];

/** Kind and label of each variable from the words around it; 其他文字 when nothing fits. */
export function inferVariables(content: string, count: number): InferredVariable[] {
  const out: InferredVariable[] = Array.from({ length: count }, () => ({
    kind: 'text' as VariableKind,
    label: 'text',
  }));
  const decided = new Set<number>();
  for (const m of content.matchAll(/\{([1-9]\d*)\}/g)) {
    const n = Number(m[1]);
    if (n > count || decided.has(n)) continue;
    const before = content.slice(Math.max(0, m.index - 12), m.index);
    const after = content.slice(m.index + m[0].length, m.index + m[0].length + 8);
    const cue = CUES.find(
      (c) =>
        (c.before === undefined || c.before.test(before)) &&
        (c.after === undefined || c.after.test(after)),
    );
    if (cue) {
      out[n - 1] = { kind: cue.kind, label: cue.label };
      decided.add(n);
    }
  }
  return out;
}

const CODE_WORDS = /验证码|校验码|动态码|动态密码|verification code/i;
/** Tolerated variants of the unsubscribe phrase at the very end (see template.ts). */
const MARKETING_END_RE = /拒收请回复[RrＲｒ][\s。.．!！~～]*$/;

/**
 * The template kind from its text: marketing when it ends with the unsubscribe phrase;
 * verification when it speaks of a code and every variable could be a code (Tencent then
 * wants 0–6 digits in every variable, so a name variable makes it a notification);
 * notification otherwise.
 */
export function inferTemplateKind(
  content: string,
  variables: readonly InferredVariable[],
): TemplateKind {
  if (MARKETING_END_RE.test(content)) return 'marketing';
  if (!CODE_WORDS.test(content)) return 'notification';
  const allDigits = variables.every((v) => v.kind === 'code' || v.kind === 'number');
  return allDigits ? 'verification' : 'notification';
}
