import { describe, expect, it } from 'vitest';
import { detectEncoding, fileKind, looksBinary } from '../../../../../src/main/core/imports/sniff';
import {
  detectHeaderRow,
  guessMapping,
  headerKey,
  isPhoneHeader,
} from '../../../../../src/main/core/imports/mapping';
import { RowChecker } from '../../../../../src/main/core/imports/validate';
import { PhoneTable } from '../../../../../src/main/core/imports/phone-table';
import { encodeGbk, encodeUtf16be, encodeUtf16le } from '../../../../support/fixtures/encode';

describe('encoding detection', () => {
  const text = '手机号,姓名\r\n13800000000,张三\r\n';
  it('BOM first, then strict UTF-8, else GB18030', () => {
    expect(
      detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
    ).toEqual({
      encoding: 'utf8',
      bomLength: 3,
    });
    expect(detectEncoding(encodeUtf16le(text))).toEqual({ encoding: 'utf16le', bomLength: 2 });
    expect(detectEncoding(encodeUtf16be(text))).toEqual({ encoding: 'utf16be', bomLength: 2 });
    expect(detectEncoding(Buffer.from(text))).toEqual({ encoding: 'utf8', bomLength: 0 });
    expect(detectEncoding(encodeGbk(text))).toEqual({ encoding: 'gb18030', bomLength: 0 });
    expect(detectEncoding(encodeUtf16le(text, false))).toEqual({
      encoding: 'utf16le',
      bomLength: 0,
    });
  });

  it('tells xlsx, legacy xls and binary apart from text', () => {
    expect(fileKind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(fileKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('xls');
    expect(fileKind(Buffer.from(text))).toBe('text');
    expect(looksBinary(Buffer.from([1, 2, 0, 3]), 'utf8', '\u0001\u0002')).toBe(true);
    expect(looksBinary(Buffer.from(text), 'utf8', text)).toBe(false);
  });
});

describe('header and mapping guesses', () => {
  it('recognises phone headers in Chinese and English, with notes and markers', () => {
    for (const h of [
      '手机号',
      '手机号码（必填）',
      '*手机',
      '联系电话',
      'Mobile',
      'Phone Number',
      '号码',
    ])
      expect(isPhoneHeader(h)).toBe(true);
    for (const h of ['姓名', '金额', 'name', '']) expect(isPhoneHeader(h)).toBe(false);
    expect(headerKey(' 手机 号码 (必填) ')).toBe('手机号码');
  });

  it('finds the header above the first data row, allowing a title line', () => {
    const rows = [['客户名单'], ['姓名', '电话'], ['张三', '13800000000']];
    expect(detectHeaderRow(rows, [1, 2, 3])).toBe(2);
    expect(detectHeaderRow([['13800000000', 'x']], [1])).toBe(0);
  });

  const template = { templateId: '1', content: '{1}您好，金额{2}', kind: 'notification' as const };
  it('maps {n} by header names, by the template variable names, or by position', () => {
    const sample = [['张三', '13800000000', '12']];
    expect(guessMapping(['名字', '手机', '{2}'], sample, template)).toMatchObject({
      phone: 1,
      params: [0, 2],
      source: 'header',
      via: ['header', 'index'],
    });
    expect(
      guessMapping(['客户', '电话', '钱'], sample, { ...template, variableNames: ['客户', '钱'] }),
    ).toMatchObject({ phone: 1, params: [0, 2], source: 'header', via: ['label', 'label'] });
    expect(guessMapping(null, [['13800000000', 'a', 'b']], template)).toMatchObject({
      phone: 0,
      params: [1, 2],
      source: 'position',
      via: ['position', 'position'],
    });
    expect(guessMapping(['名字'], [['张三']], template).phone).toBeNull();
  });
});

describe('row checks', () => {
  it('dedupes exact repeats, flags same phone with other variables (both rows)', () => {
    const c = new RowChecker(
      { phone: 0, params: [1] },
      { templateId: '1', content: '码{1}', kind: 'verification' },
      false,
    );
    const out = [
      c.check(['13800000000', '1234'], 2),
      c.check(['138 0000 0000', '1234'], 3),
      c.check(['13800000000', '5678'], 4),
      c.check(['13800000001', '12a'], 5),
      c.check(['13800000000', '5678'], 6),
    ];
    expect(out.map((r) => r.status)).toEqual([0, 2, 3, 1, 2]);
    expect(out[1]!.duplicateOf).toBe(2);
    expect(out[4]!.duplicateOf).toBe(4);
    expect(out[3]!.issues).toEqual([{ code: 'variableNotDigits', column: 1, details: { n: 1 } }]);
    expect(c.finish()).toEqual([0]);
    expect(c.counts).toEqual({
      total: 5,
      valid: 2,
      problems: 1,
      duplicatesRemoved: 2,
      samePhoneDifferentParams: 2,
      samePhonePhones: 1,
      emptyCodes: 0,
      distinctPhones: 1,
    });
  });

  it('the phone table survives growth and tells numbers apart', () => {
    const t = new PhoneTable(4);
    for (let i = 0; i < 5000; i++)
      t.add(PhoneTable.keyOf(`+86138${String(i).padStart(8, '0')}`), i);
    expect(t.size).toBe(5000);
    expect(t.get(PhoneTable.keyOf('+8613800004999'))).toBe(4999);
    expect(t.get(PhoneTable.keyOf('+8613800005000'))).toBe(-1);
    expect(PhoneTable.keyOf('+447911123456')).toBe(447911123456);
  });
});
