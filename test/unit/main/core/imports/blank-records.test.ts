import { describe, expect, it } from 'vitest';
import { isBlankRecord, previewText } from '../../../../../src/main/core/imports/source-text';

const DELIMITERS = [',', '\t', ';', '|'] as const;

describe('blank records', () => {
  it('a record whose cells are all empty after trimming is blank', () => {
    expect(isBlankRecord([''])).toBe(true);
    expect(isBlankRecord(['', '', ''])).toBe(true);
    expect(isBlankRecord([' ', '\t', '　'.trim()])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });

  it.each(DELIMITERS)(
    'delimiter %j: separator-only lines, quoted or not, are skipped and keep row numbers',
    (d) => {
      const blankLines = [
        '',
        `${d}${d}`,
        `${d}${d}${d}${d}`,
        `""${d}""${d}""`,
        `"  "${d} ${d}`,
        `""`,
      ];
      const lines = [`手机号${d}姓名${d}验证码`, `13800138000${d}张伟${d}123456`];
      for (const b of blankLines) lines.push(b);
      lines.push(`13800138001${d}"王芳"${d}"654321"`);
      const text = lines.join('\r\n') + '\r\n';
      const head = previewText(Buffer.from(text, 'utf8'), true, { delimiter: d }, 50);
      expect(head.rows.map((r) => r[0])).toEqual(['手机号', '13800138000', '13800138001']);
      // Row numbers stay the spreadsheet's own: the blank lines still take their places.
      expect(head.rowNumbers).toEqual([1, 2, 3 + blankLines.length]);
      expect(head.complete).toBe(true);
    },
  );
});
