import type { VariableKind } from './variables';

/**
 * Column titles people give their lists, per meaning. Matched on the header's key (see
 * `headerKey`): a title matches when its key equals a synonym or contains one, so
 * "客户姓名（必填）" reads as a name and "手机号码1" as a phone.
 */
export const PHONE_SYNONYMS = [
  '手机号码',
  '手机号',
  '手机',
  '电话号码',
  '联系电话',
  '电话',
  '号码',
  '联系方式',
  'mobile',
  'phone',
  'tel',
  'cellphone',
];

export const KIND_SYNONYMS: Record<VariableKind, string[]> = {
  code: ['验证码', '动态码', '校验码', '动态密码', '确认码', 'code', 'otp'],
  number: ['分钟', '有效期', '时长', '数量', '件数', '次数', '天数', '小时', 'minutes', 'count'],
  name: ['姓名', '名字', '称呼', '联系人', '客户名', '收件人', '会员名', '学员', '患者', 'name'],
  amount: [
    '金额',
    '应付',
    '实付',
    '应缴',
    '余额',
    '欠费',
    '费用',
    '价格',
    '总价',
    'amount',
    'price',
  ],
  datetime: ['日期', '时间', '预约', '到期', '截止', 'date', 'time'],
  reference: [
    '单号',
    '订单号',
    '运单号',
    '快递单号',
    '编号',
    '取件码',
    '提货码',
    '券码',
    'order',
    'no',
  ],
  text: ['地址', '门店', '商品', '备注', '内容', '课程', '项目', 'address', 'item'],
};

/** Extra words for an inferred label that is narrower than its kind (minutes → 分钟). */
export const LABEL_SYNONYMS: Record<string, string[]> = {
  minutes: ['分钟', '有效期', '有效时间', 'minutes'],
  hours: ['小时', 'hours'],
  days: ['天数', '天', 'days'],
  count: ['数量', '件数', '个数', 'count'],
  time: ['时间', '日期', 'time', 'date'],
  address: ['地址', '门店', '地点', 'address'],
};

/** Lower-case, no spaces, no "*" required-markers or bracketed notes: "手机号码（必填）" → "手机号码". */
export function headerKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]/g, '')
    .replace(/[\s*_:：-]/g, '');
}

/**
 * A synonym matches the whole key, or is part of it — except short Latin words (tel, no, otp),
 * which must be the whole key so "notes" is not a number column.
 */
function matches(key: string, synonyms: readonly string[]): boolean {
  if (key === '') return false;
  return synonyms.some((w) => key === w || (!/^[a-z]{1,3}$/.test(w) && key.includes(w)));
}

/** Order and waybill numbers say 号码 too; they are not phones. */
const NOT_PHONE = ['单号', '订单', '运单', '快递', '编号', '工号', '学号', '证件', '身份证'];

export const isPhoneHeader = (s: string): boolean => {
  const k = headerKey(s);
  return matches(k, PHONE_SYNONYMS) && !matches(k, NOT_PHONE);
};

/** The header names this kind (or this narrower label) of variable. */
export function headerMeans(s: string, kind: VariableKind, labelKey?: string): boolean {
  const k = headerKey(s);
  if (isPhoneHeader(s)) return false;
  return (
    matches(k, KIND_SYNONYMS[kind]) ||
    (labelKey !== undefined && matches(k, LABEL_SYNONYMS[labelKey] ?? []))
  );
}

/** The header cell names placeholder {n}: "{1}", "变量1", "参数1", "var1", "1". */
export function headerParamIndex(s: string): number | null {
  const k = headerKey(s);
  const m =
    /^(?:\{(\d{1,2})\}|(?:变量|参数|var|variable|param|参数值|变量值)\{?(\d{1,2})\}?|(\d{1,2}))$/.exec(
      k,
    );
  const d = m?.[1] ?? m?.[2] ?? m?.[3];
  return d === undefined ? null : Number(d);
}
