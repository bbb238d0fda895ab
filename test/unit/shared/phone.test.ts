import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone, splitPhoneList } from '../../../src/shared/phone';

const ok = (e164: string, mainland = true) => ({ ok: true, e164, mainland });
const bad = (reason: string) => ({ ok: false, reason });

describe('normalizePhone, mainland', () => {
  it.each([
    '13812345678',
    ' 13812345678 ',
    '138 1234 5678',
    '138-1234-5678',
    '138.1234.5678',
    '(138)12345678',
    '+86 138 1234 5678',
    '+86-138-1234-5678',
    '(+86) 138 1234 5678',
    '+8613812345678',
    '8613812345678',
    '86 138 1234 5678',
    '008613812345678',
    '0086 138 1234 5678',
    '１３８１２３４５６７８',
    '＋８６ １３８ １２３４ ５６７８',
    '１３８－１２３４－５６７８',
    '13812345678.0',
    '13812345678.00',
    "'13812345678",
    "  '13812345678",
    '\t13812345678\r\n',
    '13812345678\u3000',
    '138\u00a01234\u00a05678',
    '138—1234—5678',
    '（138）1234 5678',
    '\ufeff13812345678',
  ])('accepts %j', (raw) => {
    expect(normalizePhone(raw)).toEqual(ok('+8613812345678'));
  });

  it('accepts every 1[3-9] prefix', () => {
    for (let d = 3; d <= 9; d++) {
      expect(normalizePhone(`1${d}012345678`)).toEqual(ok(`+861${d}012345678`));
    }
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ["'", 'empty'],
    ['1.38123E+10', 'scientific'],
    ['1.38123e+10', 'scientific'],
    ['1.38123457E+10', 'scientific'],
    ['1E10', 'scientific'],
    ['1,38123E+10', 'scientific'],
    [' 1.38123E+10 ', 'scientific'],
    ["'1.38123E+10", 'scientific'],
    ['1.38E+1O', 'invalid'],
    ['8.61381E+12', 'scientific'],
    ['1381234567', 'tooShort'],
    ['138', 'tooShort'],
    ['138123456789', 'tooLong'],
    ['12812345678', 'invalid'],
    ['10012345678', 'invalid'],
    ['23812345678', 'invalid'],
    ['abc', 'invalid'],
    ['138abc45678', 'invalid'],
    ['138E', 'invalid'],
    ['-', 'invalid'],
    ['138+12345678', 'invalid'],
    ['++8613812345678', 'invalid'],
    ['+', 'invalid'],
    ['+86 1381234567', 'tooShort'],
    ['+86 12812345678', 'invalid'],
    ['0086 1381234567', 'tooShort'],
    ['86138123456789', 'tooLong'],
    ['13812345678.5', 'tooLong'],
    ['x'.repeat(100), 'tooLong'],
    ['010-12345678', 'notMobile'],
    ['0755-1234 5678', 'notMobile'],
    ['0371-1234567', 'notMobile'],
    ['+86 10 1234 5678', 'notMobile'],
    ['+86 755 1234 5678', 'notMobile'],
    ['0086 21 1234 5678', 'notMobile'],
    ['+86 0755 1234 5678', 'tooLong'],
    ['01381234567', 'invalid'],
    ['013812345678', 'tooLong'],
  ])('rejects %j as %s', (raw, reason) => {
    expect(normalizePhone(raw)).toEqual(bad(reason));
  });

  it('does not cut dot-separated groups ending in zeros', () => {
    expect(normalizePhone('138.1234.5600')).toEqual(ok('+8613812345600'));
    expect(normalizePhone('138.1234.0000')).toEqual(ok('+8613812340000'));
    expect(normalizePhone('1381234.00')).toEqual(bad('tooShort'));
    expect(normalizePhone('138.1234.5600', { international: true })).toEqual(ok('+8613812345600'));
  });
});

describe('normalizePhone, international', () => {
  it('rejects foreign numbers unless enabled', () => {
    expect(normalizePhone('+44 7911 123456')).toEqual(bad('internationalDisabled'));
    expect(normalizePhone('0044 7911 123456')).toEqual(bad('internationalDisabled'));
  });

  it.each([
    ['+44 7911 123456', '+447911123456'],
    ['0044 7911 123456', '+447911123456'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+852 5123 4567', '+85251234567'],
    ['+886 912 345 678', '+886912345678'],
    ['＋６０ １２-３４５ ６７８９', '+60123456789'],
  ])('accepts %j', (raw, e164) => {
    expect(normalizePhone(raw, { international: true })).toEqual(ok(e164, false));
  });

  it('keeps mainland numbers mainland when international is enabled', () => {
    expect(normalizePhone('+86 138 1234 5678', { international: true })).toEqual(
      ok('+8613812345678'),
    );
  });

  it('reads bare digits as mainland, never guesses a country', () => {
    expect(normalizePhone('447911123456', { international: true })).toEqual(bad('tooLong'));
  });

  it.each([
    ['+44 7911', 'tooShort'],
    ['+44 7911 1234567890', 'tooLong'],
    ['+1234567890123456', 'tooLong'],
    ['+999 12345678', 'invalid'],
    ['+44 20 7946 0958', 'notMobile'],
    ['00', 'invalid'],
  ])('rejects %j as %s', (raw, reason) => {
    expect(normalizePhone(raw, { international: true })).toEqual(bad(reason));
  });
});

describe('formatPhone', () => {
  it('formats mainland numbers as people write them', () => {
    expect(formatPhone('+8613812345678')).toBe('138 1234 5678');
  });
  it('formats others internationally', () => {
    expect(formatPhone('+447911123456')).toBe('+44 7911 123456');
    expect(formatPhone('+14155552671')).toBe('+1 415 555 2671');
  });
  it('returns garbage unchanged', () => {
    expect(formatPhone('nonsense')).toBe('nonsense');
    expect(formatPhone('')).toBe('');
  });
});

describe('splitPhoneList', () => {
  it('splits on every hard separator', () => {
    expect(
      splitPhoneList(
        '13812345678\n13912345678,13712345678，13612345678、13512345678；13412345678;13312345678\t13212345678\r\n',
      ),
    ).toEqual([
      '13812345678',
      '13912345678',
      '13712345678',
      '13612345678',
      '13512345678',
      '13412345678',
      '13312345678',
      '13212345678',
    ]);
  });

  it('drops empties', () => {
    expect(splitPhoneList('')).toEqual([]);
    expect(splitPhoneList(' \n\n , ，\t ')).toEqual([]);
    expect(splitPhoneList('13812345678,,\n\n13912345678')).toEqual(['13812345678', '13912345678']);
  });

  it('keeps a number typed with spaces together', () => {
    expect(splitPhoneList('+86 138 1234 5678')).toEqual(['+86 138 1234 5678']);
    expect(splitPhoneList('138 1234 5678')).toEqual(['138 1234 5678']);
    expect(splitPhoneList('86 138 1234 5678')).toEqual(['86 138 1234 5678']);
    expect(splitPhoneList('+44 7911 123456')).toEqual(['+44 7911 123456']);
  });

  it('splits on spaces between complete numbers', () => {
    expect(splitPhoneList('13812345678 13912345678')).toEqual(['13812345678', '13912345678']);
    expect(splitPhoneList('138 1234 5678 139 1234 5678')).toEqual([
      '138 1234 5678',
      '139 1234 5678',
    ]);
    expect(splitPhoneList('+86 13812345678 +86 13912345678')).toEqual([
      '+86 13812345678',
      '+86 13912345678',
    ]);
    expect(splitPhoneList('13812345678\u300013912345678')).toEqual(['13812345678', '13912345678']);
  });

  it('keeps the groups of an invalid number together so it is reported once', () => {
    expect(splitPhoneList('138 1234 567 13912345678')).toEqual(['138 1234 567', '13912345678']);
    expect(splitPhoneList('13912345678 abc def')).toEqual(['13912345678', 'abc def']);
  });

  it('keeps a lone invalid token as it is', () => {
    expect(splitPhoneList('1.38123E+10\n12345')).toEqual(['1.38123E+10', '12345']);
  });

  it('every entry of a realistic paste normalises', () => {
    const pasted =
      '+86 138-1234-5678、１３９１２３４５６７８；0086 137 1234 5678\n 136 1234 5678 135 1234 5678';
    const parts = splitPhoneList(pasted);
    expect(parts).toHaveLength(5);
    expect(parts.map((p) => normalizePhone(p)).every((r) => r.ok)).toBe(true);
  });
});
