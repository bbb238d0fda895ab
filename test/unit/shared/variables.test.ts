import { describe, expect, it } from 'vitest';
import { parsePlaceholders } from '../../../src/shared/template';
import {
  checkVariableValue,
  inferTemplateKind,
  inferVariables,
  type VariableKind,
  type VariableRule,
} from '../../../src/shared/variables';

const kindsOf = (content: string): VariableKind[] =>
  inferVariables(content, parsePlaceholders(content).count).map((v) => v.kind);
const templateKindOf = (content: string) =>
  inferTemplateKind(content, inferVariables(content, parsePlaceholders(content).count));

/** Real-style templates of the kinds small businesses send, with what each variable is. */
const TEMPLATES: [string, VariableKind[], 'verification' | 'notification' | 'marketing'][] = [
  // verification
  ['您的验证码是{1}，{2}分钟内有效，请勿泄露。', ['code', 'number'], 'verification'],
  ['验证码{1}，用于登录，5分钟内有效。', ['code'], 'verification'],
  ['您的动态码为{1}，请在{2}分钟内完成验证。', ['code', 'number'], 'verification'],
  ['{1}是您的注册验证码，请勿告诉他人。', ['code'], 'verification'],
  ['{1}为您的登录验证码，{2}分钟内有效。', ['code', 'number'], 'verification'],
  ['校验码：{1}。如非本人操作请忽略。', ['code'], 'verification'],
  ['您正在修改密码，动态密码{1}，有效期{2}分钟。', ['code', 'number'], 'verification'],
  // verification words with a name: never digits-only everywhere
  ['{1}您好，您的验证码是{2}', ['name', 'code'], 'notification'],
  ['尊敬的{1}，您的验证码为{2}，{3}分钟内有效。', ['name', 'code', 'number'], 'notification'],
  ['亲爱的{1}，本次操作验证码{2}。', ['name', 'code'], 'notification'],
  // notices
  ['尊敬的{1}，您预约的{2}将于{3}开始，请准时到店。', ['name', 'text', 'datetime'], 'notification'],
  ['{1}您好，您的会员卡余额{2}元。', ['name', 'amount'], 'notification'],
  ['{1}先生，您的车辆将于{2}到期年检。', ['name', 'datetime'], 'notification'],
  ['您本月话费{1}元，请于{2}前缴纳。', ['amount', 'datetime'], 'notification'],
  ['家长您好，{1}同学今日课程为{2}，上课时间{3}。', ['name', 'text', 'datetime'], 'notification'],
  // logistics
  ['您的快递已到{1}，取件码{2}，请尽快领取。', ['text', 'reference'], 'notification'],
  ['您的订单{1}已发货，运单号{2}。', ['reference', 'reference'], 'notification'],
  [
    '包裹已放入{1}号柜，提货码{2}，{3}小时内有效。',
    ['text', 'reference', 'number'],
    'notification',
  ],
  ['{1}您好，您购买的{2}共{3}件已发出。', ['name', 'text', 'number'], 'notification'],
  // appointments
  ['{1}您好，您已预约{2}的体检，地址{3}。', ['name', 'datetime', 'text'], 'notification'],
  ['尊敬的{1}，您的挂号时间为{2}，请提前15分钟到达。', ['name', 'datetime'], 'notification'],
  ['{1}女士，您预约的美甲服务定于{2}。', ['name', 'datetime'], 'notification'],
  ['患者{1}，请于{2}前来复诊。', ['name', 'datetime'], 'notification'],
  // payments
  ['您的账户于{1}消费{2}元，余额{3}元。', ['datetime', 'amount', 'amount'], 'notification'],
  ['{1}您好，本期应缴物业费¥{2}，截止{3}。', ['name', 'amount', 'datetime'], 'notification'],
  ['退款{1}元已原路退回，订单号{2}。', ['amount', 'reference'], 'notification'],
  ['会员{1}，您获得{2}积分。', ['name', 'number'], 'notification'],
  // marketing
  ['{1}您好，双十一全场{2}折，拒收请回复R', ['name', 'text'], 'marketing'],
  ['亲爱的{1}，您有{2}元优惠券待使用，拒收请回复R', ['name', 'amount'], 'marketing'],
  ['新品上架，凭券码{1}立减{2}元，拒收请回复R', ['reference', 'amount'], 'marketing'],
  ['尊敬的{1}，生日快乐！送您{2}张代金券，拒收请回复R。', ['name', 'number'], 'marketing'],
  ['{1}店周年庆，活动截止{2}，拒收请回复R', ['text', 'datetime'], 'marketing'],
];

describe('kind inference from template texts', () => {
  it('has at least 30 real-style templates', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(TEMPLATES)('%s', (content, kinds, templateKind) => {
    expect(kindsOf(content)).toEqual(kinds);
    expect(templateKindOf(content)).toBe(templateKind);
  });

  it('labels narrower than the kind: minutes, hours, a name', () => {
    expect(
      inferVariables('验证码{1}，{2}分钟内有效，{3}小时后重试', 3).map((v) => v.label),
    ).toEqual(['code', 'minutes', 'hours']);
  });

  it('a name variable keeps a code-word template from being digits-only', () => {
    expect(templateKindOf('{1}您好，您的验证码是{2}')).toBe('notification');
    expect(templateKindOf('您的验证码是{1}')).toBe('verification');
  });
});

const rule = (kind: VariableKind, over: Partial<VariableRule> = {}): VariableRule => ({
  kind,
  templateKind: 'notification',
  maxLength: 12,
  ...over,
});

describe('each kind has its rule', () => {
  it('验证码: 0–6 ASCII digits, empty allowed, full-width digits are not digits', () => {
    const r = rule('code');
    expect(checkVariableValue('', r)).toBeNull();
    expect(checkVariableValue('0', r)).toBeNull();
    expect(checkVariableValue('123456', r)).toBeNull();
    expect(checkVariableValue('1234567', r)).toBe('tooLong');
    expect(checkVariableValue('１２３４', r)).toBe('notDigits');
    expect(checkVariableValue('12a456', r)).toBe('notDigits');
    expect(checkVariableValue('验证码', r)).toBe('notDigits');
    expect(checkVariableValue('=1+1', r)).toBe('notDigits');
    expect(checkVariableValue(' ', r)).toBe('empty');
  });

  it('a verification template bounds every variable to 0–6 digits, as Tencent does', () => {
    const r = rule('name', { templateKind: 'verification' });
    expect(checkVariableValue('张三', r)).toBe('notDigits');
    expect(checkVariableValue('1234', r)).toBeNull();
  });

  it('数字: digits only, with the length given', () => {
    expect(checkVariableValue('5', rule('number'))).toBeNull();
    expect(checkVariableValue('五', rule('number'))).toBe('notDigits');
    expect(checkVariableValue('５', rule('number'))).toBe('notDigits');
    expect(checkVariableValue('123', rule('number', { digits: 2 }))).toBe('tooLong');
    expect(checkVariableValue('', rule('number'))).toBe('empty');
    expect(checkVariableValue('', rule('number', { allowEmpty: true }))).toBeNull();
  });

  it('姓名: any name within the outer bound, emoji included; digits are a mix-up', () => {
    expect(checkVariableValue('汪峰慧', rule('name'))).toBeNull();
    expect(checkVariableValue('小美🌸', rule('name'))).toBeNull();
    expect(checkVariableValue('Anna Lee', rule('name'))).toBeNull();
    expect(checkVariableValue('48351', rule('name'))).toBe('notName');
    expect(checkVariableValue('138 0013 8000', rule('name'))).toBe('notName');
    expect(checkVariableValue('', rule('name'))).toBe('empty');
  });

  it('the account bound counts like the message: 12 passes, 13 does not', () => {
    expect(checkVariableValue('一二三四五六七八九十一二', rule('text'))).toBeNull();
    expect(checkVariableValue('一二三四五六七八九十一二三', rule('text'))).toBe('tooLong');
    // An emoji is two UTF-16 units, as Tencent bills it.
    expect(checkVariableValue('一二三四五六七八九十😀', rule('name'))).toBeNull();
    expect(checkVariableValue('一二三四五六七八九十一😀', rule('name'))).toBe('tooLong');
    expect(
      checkVariableValue('一二三四五六七八九十一二三', rule('text', { maxLength: null })),
    ).toBeNull();
  });

  it('金额, 日期/时间, 单号, 其他文字', () => {
    expect(checkVariableValue('¥1,280.50', rule('amount'))).toBeNull();
    expect(checkVariableValue('35元', rule('amount'))).toBeNull();
    expect(checkVariableValue('三十五', rule('amount'))).toBe('notAmount');
    expect(checkVariableValue('12.345', rule('amount'))).toBe('notAmount');
    expect(checkVariableValue('2026-12-03', rule('datetime'))).toBeNull();
    expect(checkVariableValue('明天下午', rule('datetime'))).toBeNull();
    expect(checkVariableValue('尽快', rule('datetime'))).toBe('notDate');
    expect(checkVariableValue('SF1234567', rule('reference'))).toBeNull();
    expect(checkVariableValue('单号123', rule('reference'))).toBe('notReference');
    expect(checkVariableValue('中山路12号', rule('text'))).toBeNull();
    expect(checkVariableValue('t.cn/abc', rule('text'))).toBe('url');
  });
});
