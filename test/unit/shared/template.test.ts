import { describe, expect, it } from 'vitest';
import {
  checkTemplate,
  defaultVariableMaxLength,
  findPlaceholders,
  guessTemplateKind,
  looksLikeUrl,
  MARKETING_SUFFIX,
  normalizeSignName,
  parsePlaceholders,
  preview,
  renderedMessage,
  renderTemplate,
  validateVariable,
} from '../../../src/shared/template';

describe('parsePlaceholders', () => {
  it('counts consecutive placeholders', () => {
    expect(parsePlaceholders('您的验证码是{1}，{2}分钟内有效。')).toEqual({
      count: 2,
      problems: [],
    });
    expect(parsePlaceholders('没有变量的通知')).toEqual({ count: 0, problems: [] });
  });

  it('allows a variable to be used twice', () => {
    expect(parsePlaceholders('验证码{1}，再说一次{1}')).toEqual({ count: 1, problems: [] });
  });

  it('accepts out-of-order but complete placeholders', () => {
    expect(parsePlaceholders('{2}先，然后{1}')).toEqual({ count: 2, problems: [] });
  });

  it('reports gaps', () => {
    expect(parsePlaceholders('A{1}B{3}C')).toEqual({
      count: 3,
      problems: [{ code: 'gap', missing: [2] }],
    });
    expect(parsePlaceholders('only {2} here').problems).toEqual([{ code: 'gap', missing: [1] }]);
  });

  it('reports {0} and leading zeros', () => {
    const r = parsePlaceholders('a{0}b{1}c{01}');
    expect(r.count).toBe(1);
    expect(r.problems).toEqual([
      { code: 'badIndex', text: '{0}' },
      { code: 'badIndex', text: '{01}' },
    ]);
  });

  it('reports adjacent variables', () => {
    expect(parsePlaceholders('您好{1}{2}，欢迎').problems).toEqual([
      { code: 'adjacent', first: 1, second: 2 },
    ]);
    expect(parsePlaceholders('您好{1} {2}，欢迎').problems).toEqual([]);
  });

  it('reports all-variable templates', () => {
    expect(parsePlaceholders('{1}').problems).toEqual([{ code: 'allVariables' }]);
    expect(parsePlaceholders(' {1} {2} ').problems).toEqual([{ code: 'allVariables' }]);
    const codes = parsePlaceholders('{1}{2}').problems.map((p) => p.code);
    expect(codes).toEqual(['adjacent', 'allVariables']);
  });

  it('reports 【】 in the body', () => {
    expect(parsePlaceholders('【腾讯云】验证码{1}').problems).toEqual([{ code: 'brackets' }]);
    expect(parsePlaceholders('验证码{1}】').problems).toEqual([{ code: 'brackets' }]);
  });

  it('reports empty content', () => {
    expect(parsePlaceholders('')).toEqual({ count: 0, problems: [{ code: 'empty' }] });
    expect(parsePlaceholders('  \n')).toEqual({ count: 0, problems: [{ code: 'empty' }] });
  });

  it('ignores non-numeric braces', () => {
    expect(parsePlaceholders('JSON {a} x{1}x')).toEqual({ count: 1, problems: [] });
  });

  it('findPlaceholders gives offsets', () => {
    expect(findPlaceholders('ab{1}c{12}')).toEqual([
      { index: 1, start: 2, end: 5 },
      { index: 12, start: 6, end: 10 },
    ]);
  });
});

describe('checkTemplate', () => {
  it('requires the unsubscribe phrase for marketing templates', () => {
    expect(checkTemplate('双十一大促{1}', 'marketing')).toEqual([{ code: 'noUnsubscribe' }]);
    expect(checkTemplate('双十一大促{1}，拒收请回复R', 'marketing')).toEqual([]);
    expect(checkTemplate('双十一大促{1}', 'notification')).toEqual([]);
    expect(checkTemplate('双十一大促{1}', undefined)).toEqual([]);
  });
});

describe('renderTemplate and renderedMessage', () => {
  it('fills variables, including repeats', () => {
    expect(renderTemplate('码{1}，{2}分钟；再次{1}', ['1234', '5'])).toBe(
      '码1234，5分钟；再次1234',
    );
  });

  it('keeps missing placeholders visible', () => {
    expect(renderTemplate('码{1}，{2}分钟', ['1234'])).toBe('码1234，{2}分钟');
    expect(renderTemplate('a{0}b', ['x'])).toBe('a{0}b');
  });

  it('does not interpret $ patterns in values', () => {
    expect(renderTemplate('价{1}', ['$& $1 $$'])).toBe('价$& $1 $$');
  });

  it('allows empty values', () => {
    expect(renderTemplate('码{1}。', [''])).toBe('码。');
  });

  it('adds the sign in 【】', () => {
    expect(renderedMessage('腾讯云', '您好')).toBe('【腾讯云】您好');
    expect(renderedMessage(undefined, '您好')).toBe('您好');
    expect(renderedMessage('  ', '您好')).toBe('您好');
    expect(renderedMessage('【腾讯云】', '您好')).toBe('【腾讯云】您好');
    expect(renderedMessage(' 腾讯云 ', '您好')).toBe('【腾讯云】您好');
    expect(normalizeSignName('【 A 】')).toBe('A');
  });
});

describe('guessTemplateKind', () => {
  it('guesses marketing from the unsubscribe phrase', () => {
    expect(MARKETING_SUFFIX).toBe('拒收请回复R');
    expect(guessTemplateKind('新品上市，拒收请回复R')).toBe('marketing');
    expect(guessTemplateKind('新品上市，拒收请回复R。')).toBe('marketing');
    expect(guessTemplateKind('新品上市，拒收请回复r  ')).toBe('marketing');
    expect(guessTemplateKind('新品上市，拒收请回复Ｒ！')).toBe('marketing');
    expect(guessTemplateKind('新品上市 拒收请回复R.\n')).toBe('marketing');
  });

  it('does not guess otherwise', () => {
    expect(guessTemplateKind('您的验证码是{1}')).toBeUndefined();
    expect(guessTemplateKind('拒收请回复R，谢谢惠顾')).toBeUndefined();
    expect(guessTemplateKind('拒收请回复T')).toBeUndefined();
    expect(guessTemplateKind('')).toBeUndefined();
  });
});

describe('validateVariable', () => {
  const verification = { kind: 'verification' as const, maxLength: 12 };
  const personal = { kind: 'notification' as const, maxLength: 12 };
  const unlimited = { kind: 'marketing' as const, maxLength: null };

  it('verification codes: 1–6 ASCII digits', () => {
    expect(validateVariable('1', verification)).toBeNull();
    expect(validateVariable('123456', verification)).toBeNull();
    expect(validateVariable('000000', verification)).toBeNull();
    expect(validateVariable('1234567', verification)).toBe('tooLong');
    expect(validateVariable('12a4', verification)).toBe('notDigits');
    expect(validateVariable('１２３４', verification)).toBe('notDigits'); // full-width
    expect(validateVariable(' 1234', verification)).toBe('notDigits');
    expect(validateVariable('12.5', verification)).toBe('notDigits');
    expect(validateVariable('', verification)).toBe('empty');
  });

  it('other kinds: length limit counted in characters', () => {
    expect(validateVariable('张三', personal)).toBeNull();
    expect(validateVariable('一二三四五六七八九十一二', personal)).toBeNull();
    expect(validateVariable('一二三四五六七八九十一二三', personal)).toBe('tooLong');
    expect(validateVariable('a'.repeat(13), personal)).toBe('tooLong');
    expect(validateVariable('a'.repeat(500), unlimited)).toBeNull();
    expect(validateVariable('一二三四五六七八九十一😀', personal)).toBe('tooLong');
  });

  it('empty and blank values', () => {
    expect(validateVariable('', personal)).toBe('empty');
    expect(validateVariable('   ', personal)).toBe('empty');
  });

  it('rejects links', () => {
    for (const v of [
      'http://a.b',
      'HTTPS://x',
      'www.qq.com',
      '去www.abc看看',
      'x.com/abc',
      'cloud.tencent.com/',
      't.cn',
      'example.com',
      'a.b.c.top',
      'shop.example.xyz:8080/x',
      '访问qq.com',
    ]) {
      expect(validateVariable(v, unlimited), v).toBe('url');
      expect(looksLikeUrl(v), v).toBe(true);
    }
  });

  it('does not mistake ordinary values for links', () => {
    for (const v of [
      '3.14',
      '50,789.19',
      'Mr.Smith',
      'A.B',
      'v1.2.3',
      'john@doe',
      '2026.11.27',
      '张三.先生',
      'e.g',
    ]) {
      expect(looksLikeUrl(v), v).toBe(false);
    }
  });

  it('default limits per account type', () => {
    expect(defaultVariableMaxLength('personal')).toBe(12);
    expect(defaultVariableMaxLength('enterprise')).toBeNull();
  });
});

describe('preview', () => {
  it('renders sign + body and counts the sign', () => {
    const p = preview({ sign: '腾讯云', content: '您的验证码是{1}。', params: ['1234'] });
    expect(p).toEqual({
      text: '【腾讯云】您的验证码是1234。',
      length: 16,
      segments: 1,
      tooLong: false,
    });
  });

  it('crosses 70 because of the sign', () => {
    const body = '测'.repeat(66);
    expect(preview({ content: body, params: [] }).segments).toBe(1);
    const p = preview({ sign: 'ABC', content: body, params: [] }); // 5 + 66 = 71
    expect(p.length).toBe(71);
    expect(p.segments).toBe(2);
  });

  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
  ])('%i total characters with sign give %i segments', (total, segs) => {
    const p = preview({ sign: '签名', content: '好'.repeat(total - 4), params: [] });
    expect(p.length).toBe(total);
    expect(p.segments).toBe(segs);
  });

  it('counts emoji and full-width punctuation', () => {
    const p = preview({ sign: 'A', content: '好！{1}', params: ['😀'] });
    expect(p.text).toBe('【A】好！😀');
    expect(p.length).toBe(7);
  });

  it('flags messages over 500 characters', () => {
    const ok = preview({ sign: 'AB', content: '{1}', params: ['x'.repeat(496)] });
    expect(ok.length).toBe(500);
    expect(ok.tooLong).toBe(false);
    const bad = preview({ sign: 'AB', content: '{1}', params: ['x'.repeat(497)] });
    expect(bad.tooLong).toBe(true);
    expect(bad.segments).toBe(8);
  });

  it('uses GSM-7 rules for international text', () => {
    const p = preview({
      content: 'Your code is {1}',
      params: ['1'.repeat(144)],
      international: true,
    });
    expect(p.length).toBe(157);
    expect(p.segments).toBe(1);
    expect(preview({ content: 'Your code is {1}', params: ['1'.repeat(144)] }).segments).toBe(3);
  });
});
