import { describe, expect, it } from 'vitest';
import { headerMeans, headerParamIndex, isPhoneHeader } from '../../../src/shared/header-synonyms';

describe('header synonyms', () => {
  it.each([
    '手机号',
    '手机号码',
    '电话',
    '电话号码',
    '联系电话',
    'Mobile',
    'phone',
    '手机号码（必填）',
    '*手机',
  ])('%s is a phone column', (h) => expect(isPhoneHeader(h)).toBe(true));

  it.each(['订单号码', '快递单号', '姓名', '验证码', 'notes'])('%s is not a phone column', (h) =>
    expect(isPhoneHeader(h)).toBe(false),
  );

  it('names, codes, amounts, dates and references by their usual titles', () => {
    for (const h of ['姓名', '客户姓名', '名字', '称呼', '联系人', 'Name', '会员名'])
      expect(headerMeans(h, 'name')).toBe(true);
    for (const h of ['验证码', '动态码', '校验码', 'code', 'OTP'])
      expect(headerMeans(h, 'code')).toBe(true);
    for (const h of ['金额', '应付金额', '余额', '实付'])
      expect(headerMeans(h, 'amount')).toBe(true);
    for (const h of ['日期', '预约时间', '到期日']) expect(headerMeans(h, 'datetime')).toBe(true);
    for (const h of ['单号', '订单号', '运单号', '取件码'])
      expect(headerMeans(h, 'reference')).toBe(true);
    expect(headerMeans('有效期', 'number', 'minutes')).toBe(true);
    expect(headerMeans('电话号码', 'name')).toBe(false);
    expect(headerMeans('姓名', 'code')).toBe(false);
    expect(headerMeans('验证码', 'name')).toBe(false);
  });

  it('{n}, 变量n, 参数n name a placeholder by number', () => {
    expect(headerParamIndex('{2}')).toBe(2);
    expect(headerParamIndex('变量1')).toBe(1);
    expect(headerParamIndex('参数 3')).toBe(3);
    expect(headerParamIndex('姓名')).toBeNull();
  });
});
