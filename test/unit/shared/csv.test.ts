import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutralizeFormula, toCsv } from '../../../src/shared/csv';

describe('toCsv', () => {
  it('starts with a BOM and uses CRLF', () => {
    expect(toCsv(['手机号', '姓名'], [['13812345678', '张三']])).toBe(
      '\uFEFF手机号,姓名\r\n13812345678,张三\r\n',
    );
  });

  it('header only', () => {
    expect(toCsv(['a'], [])).toBe('\uFEFFa\r\n');
  });

  it('writes numbers and nulls', () => {
    expect(toCsv(['n', 'x', 'neg'], [[1.5, null, -5]])).toBe('\uFEFFn,x,neg\r\n1.5,,-5\r\n');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
  });

  it('quotes commas, quotes and newlines', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('，全角逗号')).toBe('，全角逗号');
    expect(csvCell('')).toBe('');
  });

  it.each(['=1+2', '+86138', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])(
    'neutralises formula-like text %j',
    (v) => {
      expect(neutralizeFormula(v)).toBe(`'${v}`);
      expect(csvCell(v).startsWith('"') ? csvCell(v).slice(1, 3) : csvCell(v).slice(0, 2)).toBe(
        `'${v.charAt(0)}`,
      );
    },
  );

  it('neutralises before quoting', () => {
    expect(csvCell('=cmd|"/c calc"!A0')).toBe('"\'=cmd|""/c calc""!A0"');
    expect(csvCell('\rx')).toBe('"\'\rx"');
  });

  it('leaves safe text alone', () => {
    for (const v of ['13812345678', 'a=b', ' =x', '张三', "'already"]) {
      expect(neutralizeFormula(v)).toBe(v);
    }
  });

  it('neutralises header cells too', () => {
    expect(csvRow(['=x', 'ok'])).toBe("'=x,ok\r\n");
  });

  it('round-trips through a CSV parser', () => {
    const header = ['phone', 'note', 'amount'];
    const rows: (string | number | null)[][] = [
      ['+8613812345678', 'hello, "world"\nsecond line', 50789.19],
      ['13912345678', '=danger', null],
      ['', '多行\r\n中文，逗号', -1],
    ];
    const csv = toCsv(header, rows);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      header,
      // E.164 starts with "+": neutralised too, which also stops Excel turning it into 8.6E+12.
      ["'+8613812345678", 'hello, "world"\nsecond line', '50789.19'],
      ['13912345678', "'=danger", ''],
      ['', '多行\r\n中文，逗号', '-1'],
    ]);
  });
});
