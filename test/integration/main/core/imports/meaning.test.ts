import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { EventBus } from '../../../../../src/main/core/kernel/events';
import { ImportsService, type ImportTemplate } from '../../../../../src/main/core/imports';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { isAppError } from '../../../../../src/shared/errors';
import { writeXlsx, writeXlsxBomb } from '../../../../support/fixtures/xlsx';

/** As the template room describes them: kinds inferred from the text, not given here. */
const TEMPLATES: Record<string, ImportTemplate> = {
  '2001': { templateId: '2001', content: '{1}您好，您的验证码是{2}', kind: 'notification' },
  '2002': {
    templateId: '2002',
    content: '您的验证码是{1}，{2}分钟内有效。',
    kind: 'verification',
    maxLength: 12,
  },
};

const NAMES = [
  '汪峰慧',
  '李娜',
  '张伟',
  '王芳',
  '陈静',
  '欧阳修远',
  '赵敏',
  '黄勇',
  '周杰',
  '吴霞',
];
interface Person {
  phone: string;
  name: string;
  code: string;
}
const people = (n: number): Person[] =>
  Array.from({ length: n }, (_v, i) => ({
    phone: `1390013${String(i).padStart(4, '0')}`,
    name: NAMES[i % NAMES.length]!,
    code: String(100000 + ((i * 7919) % 900000)),
  }));

let dir: string;
let db: Db;
let service: ImportsService;
const clock = new ManualClock(1_764_000_000_000);

function freshService(): void {
  if (db) db.close();
  db = openDatabase(join(dir, `db-${Math.random().toString(36).slice(2)}.db`));
  service = new ImportsService({
    db,
    clock,
    events: new EventBus(),
    templates: (id) => TEMPLATES[id] ?? null,
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-meaning-'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => freshService());

let fileNo = 0;
function csv(lines: string[]): string {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, lines.join('\r\n') + '\r\n', 'utf8');
  return path;
}

function listFile(header: (keyof Person)[], titles: Record<keyof Person, string>, n = 20): string {
  return csv([
    header.map((k) => titles[k]).join(','),
    ...people(n).map((p) => header.map((k) => p[k]).join(',')),
  ]);
}

async function errorOf(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('expected an AppError');
}

const PERMUTATIONS: (keyof Person)[][] = [
  ['phone', 'name', 'code'],
  ['phone', 'code', 'name'],
  ['name', 'phone', 'code'],
  ['name', 'code', 'phone'],
  ['code', 'phone', 'name'],
  ['code', 'name', 'phone'],
];
const TITLES: Record<keyof Person, string>[] = [
  { phone: '手机号', name: '姓名', code: '验证码' },
  { phone: '电话号码', name: '客户姓名', code: '动态码' },
  { phone: '联系电话', name: '称呼', code: '校验码' },
  { phone: 'Mobile', name: 'Name', code: 'Code' },
];

describe('mapping by meaning, through the import service', () => {
  it.each(PERMUTATIONS.flatMap((order) => TITLES.map((t) => [order.join('/'), order, t] as const)))(
    '%s with %o maps with zero manual mapping',
    async (_label, order, titles) => {
      const path = listFile([...order], titles);
      const preview = await service.preview(path, { templateId: '2001' });
      const col = (k: keyof Person) => order.indexOf(k);
      expect(preview.mapping).toMatchObject({
        phone: col('phone'),
        params: [col('name'), col('code')],
        source: 'header',
        via: ['header', 'header'],
        check: null,
      });
      const { importId, summary } = await service.open(path, { templateId: '2001' });
      expect(summary).toMatchObject({ total: 20, valid: 20, problems: 0 });
      const first = [...service.iterateValidRows(importId)][0]!;
      expect(first.params).toEqual([people(1)[0]!.name, people(1)[0]!.code]);
    },
  );

  it('the review shows the rows rendered with the mapping', async () => {
    const path = listFile(['code', 'name', 'phone'], TITLES[1]!);
    const preview = await service.preview(path, { templateId: '2001' });
    const p = people(3);
    expect(preview.mapping.examples).toEqual(
      p.map((x, i) => ({ rowNumber: i + 2, text: `${x.name}您好，您的验证码是${x.code}` })),
    );
  });

  it('without titles the content decides, and the review says so', async () => {
    const path = csv(people(20).map((p) => [p.code, p.name, p.phone].join(',')));
    const preview = await service.preview(path, { templateId: '2001' });
    expect(preview.mapping).toMatchObject({ phone: 2, params: [1, 0], source: 'content' });
  });

  it('position is the last resort and is reported as such', async () => {
    const path = csv([
      '手机号,甲,乙',
      ...people(5).map((p) => `${p.phone},${p.name}的店,第${p.code}号`),
    ]);
    const preview = await service.preview(path, { templateId: '2001' });
    expect(preview.mapping.source).toBe('position');
    expect(preview.mapping.via).toContain('position');
  });

  it('a remembered mapping that contradicts the new file is not applied, and the review warns', async () => {
    const first = listFile(['phone', 'name', 'code'], TITLES[0]!, 30);
    await service.open(first, { templateId: '2001' });
    // Same template, another layout: 客户姓名,动态码,电话号码.
    const second = listFile(['name', 'code', 'phone'], TITLES[1]!, 100);
    const preview = await service.preview(second, { templateId: '2001' });
    expect(preview.mapping).toMatchObject({
      phone: 2,
      params: [0, 1],
      check: {
        reason: 'otherLayout',
        kept: false,
        otherSource: 'remembered',
        other: { phone: 0, params: [1, 2] },
      },
    });
    const p = people(3);
    expect(preview.mapping.check!.examples).toEqual(
      p.map((x, i) => ({
        rowNumber: i + 2,
        chosen: `${x.name}您好，您的验证码是${x.code}`,
        other: `${x.code}您好，您的验证码是${x.phone}`,
      })),
    );
    const { summary } = await service.open(second, { templateId: '2001' });
    expect(summary).toMatchObject({ total: 100, valid: 100, problems: 0 });
    expect(summary.mapping).toMatchObject({ phone: 2, params: [0, 1] });
  });

  it('a remembered mapping for the same titles is still checked against the content', async () => {
    const good = csv(['手机号,甲,乙', ...people(20).map((p) => `${p.phone},${p.name},${p.code}`)]);
    await service.open(good, { templateId: '2001', mapping: { phone: 0, params: [1, 2] } });
    expect((await service.preview(good, { templateId: '2001' })).mapping).toMatchObject({
      source: 'remembered',
      params: [1, 2],
      check: null,
    });
    // Same titles, but this month the columns came out the other way round.
    const swapped = csv([
      '手机号,甲,乙',
      ...people(20).map((p) => `${p.phone},${p.code},${p.name}`),
    ]);
    expect((await service.preview(swapped, { templateId: '2001' })).mapping).toMatchObject({
      params: [2, 1],
      check: {
        reason: 'swapped',
        kept: false,
        otherSource: 'remembered',
        other: { params: [1, 2] },
      },
    });
  });

  it('a mapping from {n} titles is still checked against the content', async () => {
    const titles = { phone: '手机号', name: '变量2', code: '变量1' };
    // The titles say {1} = first column, but the first column holds names: swapped.
    const path = csv([
      `${titles.name},${titles.code},${titles.phone}`,
      ...people(20).map((p) => `${p.name},${p.code},${p.phone}`),
    ]);
    const preview = await service.preview(path, { templateId: '2001' });
    expect(preview.mapping).toMatchObject({
      phone: 2,
      params: [0, 1],
      check: { reason: 'swapped', kept: false, other: { phone: 2, params: [1, 0] } },
    });
  });

  it('a file with no phone column gets its message at preview, even with a remembered mapping', async () => {
    await service.open(listFile(['name', 'phone', 'code'], TITLES[0]!), { templateId: '2001' });
    const path = csv(['姓名,验证码', ...people(10).map((p) => `${p.name},${p.code}`)]);
    expect(await errorOf(service.preview(path, { templateId: '2001' }))).toEqual({
      code: 'import_no_phone_column',
      details: { columns: '姓名, 验证码' },
    });
  });

  it('a header with no data rows gets its message at preview', async () => {
    const path = csv(['手机号,姓名,验证码', ',,', '']);
    expect(await errorOf(service.preview(path))).toEqual({
      code: 'import_no_data_rows',
      details: { headerRow: 1 },
    });
  });

  it('a fixed value fills every row', async () => {
    const path = csv(['手机号,验证码', ...people(25).map((p) => `${p.phone},${p.code}`)]);
    const preview = await service.preview(path, {
      templateId: '2002',
      mapping: { phone: 0, params: [1, null], fixed: [null, '5'] },
    });
    expect(preview.mapping).toMatchObject({ source: 'given', via: ['given', 'fixed'] });
    expect(preview.mapping.examples[0]!.text).toBe(
      `您的验证码是${people(1)[0]!.code}，5分钟内有效。`,
    );
    const { importId, summary } = await service.open(path, {
      templateId: '2002',
      mapping: { phone: 0, params: [1, null], fixed: [null, '5'] },
    });
    expect(summary).toMatchObject({ total: 25, valid: 25, problems: 0 });
    const rows = [...service.iterateValidRows(importId)];
    expect(rows.every((r) => r.params[1] === '5')).toBe(true);
    expect(rows).toHaveLength(25);
  });

  it('empty values follow the kind: an empty code passes, an empty name names row and variable', async () => {
    const path = csv(['手机号,姓名,验证码', '13900130000,张伟,', '13900130001,,123456']);
    const { importId, summary } = await service.open(path, { templateId: '2001' });
    // The empty code is sent (Tencent allows 0 digits) but counted for the review to show.
    expect(summary).toMatchObject({ total: 2, valid: 1, problems: 1, emptyCodes: 1 });
    const problem = service.rows(importId, 'problems', 0, 10).rows[0]!;
    expect(problem).toMatchObject({
      rowNumber: 3,
      issues: [{ code: 'variableEmpty', column: 1, details: { n: 1 } }],
    });
    // The per-import switch lets an empty name through.
    const allowed = await service.setMapping(
      importId,
      '2001',
      { phone: 0, params: [1, 2], allowEmpty: [true, false] },
      undefined,
    );
    expect(allowed).toMatchObject({ valid: 2, problems: 0 });
  });
});

describe('reading', () => {
  it('separator-only lines are not counted, not problems and not exported', async () => {
    const path = csv([
      '手机号,姓名,验证码',
      '13900130000,张伟,123456',
      ',,',
      '"","",""',
      ',,,,',
      ' , ,',
      '13900130001,李娜,654321',
      '13900130002,,111111',
    ]);
    const { importId, summary } = await service.open(path, { templateId: '2001' });
    expect(summary).toMatchObject({ total: 3, valid: 2, problems: 1 });
    expect(service.rows(importId, 'all', 0, 10).rows.map((r) => r.rowNumber)).toEqual([2, 7, 8]);
    const exported = service.problemsCsv(importId, 'zh-CN');
    expect(exported.rows).toBe(1);
    expect(exported.csv.trim().split(/\r?\n/)).toHaveLength(2);
  });

  it('same phone, different content: the extra messages and the phones involved', async () => {
    const path = csv([
      '手机号,姓名,验证码',
      '13900130000,张伟,111111',
      '13900130000,张伟,222222',
      '13900130000,张伟,333333',
      '13900130001,李娜,444444',
      '13900130001,李娜,555555',
      '13900130001,李娜,555555',
    ]);
    const { summary } = await service.open(path, { templateId: '2001' });
    // 3 messages to one phone, 2 to another (the exact repeat is removed): 3 go a second time.
    expect(summary).toMatchObject({
      valid: 5,
      duplicatesRemoved: 1,
      samePhoneDifferentParams: 5,
      samePhoneExtraRows: 3,
      samePhonePhones: 2,
    });
  });

  it('an .xlsx with the list on sheet 2 imports; the sheet choice is remembered', async () => {
    const path = join(dir, 'two-sheets.xlsx');
    writeXlsx(path, [
      { name: '说明', rows: [['请在第二页填写名单'], ['每行一位客户']] },
      {
        name: '名单',
        rows: [
          ['客户姓名', '动态码', '电话号码'],
          ...people(12).map((p) => [p.name, Number(p.code), Number(p.phone)]),
          [null, '', null],
        ],
      },
      { name: '空白', rows: [] },
    ]);
    const preview = await service.preview(path, { templateId: '2001' });
    expect(preview).toMatchObject({ sheets: ['说明', '名单'], sheet: '名单' });
    expect(preview.mapping).toMatchObject({ phone: 2, params: [0, 1] });
    const { importId, summary } = await service.open(path, { templateId: '2001' });
    expect(summary).toMatchObject({ sheet: '名单', total: 12, valid: 12 });
    expect([...service.iterateValidRows(importId)][0]!.phone).toBe('+8613900130000');

    // Another workbook where both sheets have phones: the remembered sheet wins.
    const other = join(dir, 'two-lists.xlsx');
    const list = [['手机号', '姓名', '验证码'], ...people(3).map((p) => [p.phone, p.name, p.code])];
    writeXlsx(other, [
      { name: '旧名单', rows: list },
      { name: '名单', rows: list },
    ]);
    expect((await service.preview(other, { templateId: '2001' })).sheet).toBe('名单');
    expect((await service.preview(other)).sheet).toBe('旧名单');
  });

  it('.xlsx cells read as the user sees them: numbers, rich text, formulas, dates, booleans', async () => {
    const path = join(dir, 'cells.xlsx');
    writeXlsx(path, [
      {
        name: 'Sheet1',
        rows: [
          ['手机号', '姓名', '金额', '日期', '会员', '备注'],
          [
            13800138000,
            { rich: ['张', '伟'], phonetic: 'ちょう' },
            { formula: 'SUM(1,2)', result: 3 },
            { date: '2026-12-03' },
            true,
            { inline: '  内联 ' },
          ],
          [
            { formula: 'TEXT(13800138001,"0")', result: '13800138001' },
            '李&娜',
            12.5,
            '',
            false,
            null,
          ],
        ],
      },
    ]);
    const { importId } = await service.open(path);
    const rows = service.rows(importId, 'all', 0, 10).rows;
    expect(rows.map((r) => r.cells)).toEqual([
      ['13800138000', '张伟', '3', '2026-12-03', 'TRUE', '内联'],
      ['13800138001', '李&娜', '12.5', '', 'FALSE'],
    ]);
    expect(rows.map((r) => r.phone)).toEqual(['+8613800138000', '+8613800138001']);
  });
});

describe('bounded spreadsheets', () => {
  it('a bomb whose directory declares 520 MB is refused before anything is inflated', async () => {
    const path = join(dir, 'bomb.xlsx');
    writeXlsxBomb(path, { inflatedBytes: 520 * 1024 * 1024 });
    const e = await errorOf(service.preview(path));
    expect(e).toMatchObject({ code: 'import_xlsx_too_big', details: { limit: 'totalBytes' } });
    expect(await errorOf(service.open(path))).toMatchObject({ code: 'import_xlsx_too_big' });
    expect(service.list()).toEqual([]);
  });

  it('a bomb that lies about its size is refused as soon as it inflates past the claim', async () => {
    const path = join(dir, 'liar.xlsx');
    writeXlsxBomb(path, { inflatedBytes: 520 * 1024 * 1024, declaredBytes: 4096 });
    expect(await errorOf(service.preview(path))).toMatchObject({
      code: 'import_xlsx_too_big',
    });
  });

  it('past 1,000,000 rows or 50 columns is refused with the limit named', async () => {
    const rows = join(dir, 'rows.xlsx');
    writeXlsx(rows, [
      {
        name: 'Sheet1',
        rows: [['手机号'], ['13800138000'], ['13800138001']],
        rowNumbers: [1, 2, 1_000_001],
      },
    ]);
    expect(await errorOf(service.open(rows))).toMatchObject({
      code: 'import_xlsx_too_big',
      details: { limit: 'rows' },
    });
    const wide = join(dir, 'wide.xlsx');
    const cells = Array.from({ length: 51 }, (_v, i) => (i === 0 ? '13800138000' : `c${i}`));
    writeXlsx(wide, [{ name: 'Sheet1', rows: [['手机号'], cells] }]);
    expect(await errorOf(service.preview(wide))).toMatchObject({
      code: 'import_xlsx_too_big',
      details: { limit: 'columns' },
    });
  });
});
