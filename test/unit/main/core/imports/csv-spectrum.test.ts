import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextRows } from '../../../../../src/main/core/imports/source-text';

/**
 * The csv-spectrum cases (github.com/maxogden/csv-spectrum), inlined with their expected rows
 * and read through the import's own text path (our decoding, papaparse over strings, our
 * empty-line rule). Each file ends with a newline, which without the empty-line rule would
 * add a phantom last row.
 */
const CASES: Record<string, { text: string; rows: string[][] }> = {
  comma_in_quotes: {
    text: 'first,last,address,city,zip\nJohn,Doe,120 any st.,"Anytown, WW",08123\n',
    rows: [
      ['first', 'last', 'address', 'city', 'zip'],
      ['John', 'Doe', '120 any st.', 'Anytown, WW', '08123'],
    ],
  },
  empty: {
    text: 'a,b,c\n1,"",""\n2,3,4\n',
    rows: [
      ['a', 'b', 'c'],
      ['1', '', ''],
      ['2', '3', '4'],
    ],
  },
  empty_crlf: {
    text: 'a,b,c\r\n1,"",""\r\n2,3,4\r\n',
    rows: [
      ['a', 'b', 'c'],
      ['1', '', ''],
      ['2', '3', '4'],
    ],
  },
  escaped_quotes: {
    text: 'a,b\n1,"ha ""ha"" ha"\n3,4\n',
    rows: [
      ['a', 'b'],
      ['1', 'ha "ha" ha'],
      ['3', '4'],
    ],
  },
  json: {
    text: 'key,val\n1,"{""type"": ""Point"", ""coordinates"": [102.0, 0.5]}"\n',
    rows: [
      ['key', 'val'],
      ['1', '{"type": "Point", "coordinates": [102.0, 0.5]}'],
    ],
  },
  newlines: {
    text: 'a,b,c\n1,2,3\n"Once upon \na time",5,6\n7,8,9\n',
    rows: [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['Once upon \na time', '5', '6'],
      ['7', '8', '9'],
    ],
  },
  newlines_crlf: {
    text: 'a,b,c\r\n1,2,3\r\n"Once upon \r\na time",5,6\r\n7,8,9\r\n',
    rows: [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['Once upon \r\na time', '5', '6'],
      ['7', '8', '9'],
    ],
  },
  quotes_and_newlines: {
    text: 'a,b\n1,"ha \n""ha"" \nha"\n3,4\n',
    rows: [
      ['a', 'b'],
      ['1', 'ha \n"ha" \nha'],
      ['3', '4'],
    ],
  },
  simple: {
    text: 'a,b,c\n1,2,3\n',
    rows: [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ],
  },
  simple_crlf: {
    text: 'a,b,c\r\n1,2,3\r\n',
    rows: [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ],
  },
  utf8: {
    text: 'a,b,c\n1,2,3\n4,5,ʤ\n',
    rows: [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', 'ʤ'],
    ],
  },
  location_coordinates: {
    text: 'Contact Name,Coordinates,Phone\nPaul Allen,"-33.8688, 151.2093",555-1234\nJane Doe,"51.5074, -0.1278",555-9876\n',
    rows: [
      ['Contact Name', 'Coordinates', 'Phone'],
      ['Paul Allen', '-33.8688, 151.2093', '555-1234'],
      ['Jane Doe', '51.5074, -0.1278', '555-9876'],
    ],
  },
};

const dir = mkdtempSync(join(tmpdir(), 'sms-spectrum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function parse(text: string): Promise<{ rows: string[][]; numbers: number[] }> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, text);
  const rows: string[][] = [];
  const numbers: number[] = [];
  await readTextRows(
    file,
    {},
    (r, n) => {
      rows.push(...r);
      numbers.push(...n);
    },
    () => {},
  );
  return { rows, numbers };
}

describe('csv-spectrum', () => {
  it.each(Object.keys(CASES))('%s parses to its expected rows', async (name) => {
    const c = CASES[name]!;
    const { rows, numbers } = await parse(c.text);
    expect(rows).toEqual(c.rows);
    // One record per Excel row, numbered from 1 even when a field spans lines.
    expect(numbers).toEqual(c.rows.map((_r, i) => i + 1));
  });

  it('has all twelve cases', () => {
    expect(Object.keys(CASES)).toHaveLength(12);
  });
});

describe('text reading beyond the spectrum', () => {
  it('keeps multibyte characters cut at decode-slice boundaries intact', async () => {
    // Over 1 MiB of three-byte characters, so slices end mid-character many times.
    const line = '13800000000,张三李四王五赵六孙七周八吴九郑十\n';
    const text = 'a,b\n' + line.repeat(40_000);
    const { rows } = await parse(text);
    expect(rows).toHaveLength(40_001);
    expect(rows.every((r, i) => i === 0 || r[1] === '张三李四王五赵六孙七周八吴九郑十')).toBe(true);
  });

  it('never splits a quoted amount (no fastMode)', async () => {
    const { rows } = await parse('phone,amount\r\n13800000000,"50,789.19"\r\n');
    expect(rows[1]).toEqual(['13800000000', '50,789.19']);
  });
});
