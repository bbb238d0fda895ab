import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportSummary } from '../../../../../src/shared/api/imports';
import { EventBus } from '../../../../../src/main/core/kernel/events';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { ImportsService, type ImportTemplate } from '../../../../../src/main/core/imports';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { isAppError } from '../../../../../src/shared/errors';
import {
  CUSTOMER_COUNTS,
  MANGLED,
  MANGLED_COUNTS,
  MANGLED_INTERNATIONAL_COUNTS,
  QUOTED_ROW_NUMBERS,
  TENCENT_ROWS,
  TENCENT_TEMPLATE,
  makeImportFiles,
  type ExpectedCounts,
  type ImportFixtures,
} from '../../../../support/fixtures/make-import-files';

const TEMPLATES: Record<string, ImportTemplate> = {
  [TENCENT_TEMPLATE.templateId]: { ...TENCENT_TEMPLATE, maxLength: null },
  '7654321': {
    templateId: '7654321',
    content: '您的验证码是{1}',
    kind: 'verification',
    maxLength: null,
  },
};

let dir: string;
let files: ImportFixtures;
let db: Db;
let service: ImportsService;
const events = new EventBus();
const progress: ImportProgress[] = [];
events.on((name, payload) => {
  if (name === 'import.progress') progress.push(payload as ImportProgress);
});
const clock = new ManualClock(1_764_000_000_000);

function newService(): ImportsService {
  return new ImportsService({
    db,
    clock,
    events,
    templates: (id) => TEMPLATES[id] ?? null,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-import-'));
  files = await makeImportFiles(join(dir, 'files'));
  db = openDatabase(join(dir, 'sms-desk.db'));
  service = newService();
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const counts = (s: ImportSummary): ExpectedCounts => ({
  total: s.total,
  valid: s.valid,
  problems: s.problems,
  duplicatesRemoved: s.duplicatesRemoved,
  samePhoneDifferentParams: s.samePhoneDifferentParams,
  distinctPhones: s.distinctPhones,
});

async function errorOf(
  p: Promise<unknown>,
): Promise<{ code: string; messageKey: string; details: unknown }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, messageKey: e.messageKey, details: e.details };
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('import of real-looking files', () => {
  it.each([
    ['gbk', 'gb18030', ',', false],
    ['utf8bom', 'utf8', ',', true],
    ['utf16le', 'utf16le', '\t', true],
  ] as const)(
    '%s: detected, decoded and counted exactly',
    async (key, encoding, delimiter, bom) => {
      const path = files[key];
      const preview = await service.preview(path);
      expect(preview).toMatchObject({
        encoding,
        delimiter,
        bom,
        headerRow: 1,
        columns: ['手机号', '姓名', '金额'],
      });
      expect(preview.mapping).toMatchObject({ phone: 0, params: [], source: 'header' });
      const { importId, summary } = await service.open(path);
      expect(counts(summary)).toEqual(CUSTOMER_COUNTS);
      expect(summary).toMatchObject({
        encoding,
        delimiter,
        headerRow: 1,
        fileName: path.split('/').pop(),
      });
      const first = service.rows(importId, 'all', 0, 2).rows;
      expect(first[0]).toMatchObject({
        rowNumber: 2,
        cells: ['13800130000', '张伟', '1,234.50'],
        phone: '+8613800130000',
        status: 'ok',
      });
      expect(first[1]!.cells[1]).toBe('王芳');
    },
  );

  it('.xlsx: lists the sheets, defaults to the one with phones, reads the chosen one and counts exactly', async () => {
    const preview = await service.preview(files.xlsx);
    expect(preview.sheets).toEqual(['说明', '客户']);
    // The list is on sheet 2: the first sheet with a phone-shaped column is the default.
    expect(preview.sheet).toBe('客户');
    expect(preview.mapping.phone).toBe(0);
    // One line of text on the 说明 sheet reads as a title with nothing under it.
    await expect(errorOf(service.preview(files.xlsx, { sheet: '说明' }))).resolves.toMatchObject({
      code: 'import_no_data_rows',
    });
    const byDefault = await service.open(files.xlsx);
    expect(counts(byDefault.summary)).toEqual(CUSTOMER_COUNTS);
    const chosen = await service.preview(files.xlsx, { sheet: '客户' });
    expect(chosen).toMatchObject({ kind: 'xlsx', sheet: '客户', headerRow: 1, encoding: null });
    const { importId, summary } = await service.open(files.xlsx, { sheet: '客户' });
    expect(counts(summary)).toEqual(CUSTOMER_COUNTS);
    expect(service.rows(importId, 'all', 0, 1).rows[0]).toMatchObject({
      rowNumber: 2,
      cells: ['13800130000', '张伟', '1,234.50'],
    });
    await expect(errorOf(service.preview(files.xlsx, { sheet: '没有' }))).resolves.toMatchObject({
      code: 'import_sheet_not_found',
    });
  });

  it.each(['tencentCsv', 'tencentXlsx', 'tencentHeaderless'] as const)(
    "%s: Tencent's console template maps with no user action",
    async (key) => {
      const { importId, summary } = await service.open(files[key], {
        templateId: TENCENT_TEMPLATE.templateId,
      });
      expect(summary.mapping).toEqual({ phone: 0, params: [1, 2] });
      expect(counts(summary)).toEqual({
        total: 3,
        valid: 3,
        problems: 0,
        duplicatesRemoved: 0,
        samePhoneDifferentParams: 0,
        distinctPhones: 3,
      });
      const valid = [...service.iterateValidRows(importId)];
      expect(valid.map((r) => [r.phone.slice(3), ...r.params])).toEqual(TENCENT_ROWS);
      expect(valid[0]!.rowNumber).toBe(key === 'tencentHeaderless' ? 1 : 2);
    },
  );

  it('quoted fields with commas, quotes and line breaks keep their Excel row numbers', async () => {
    const { importId, summary } = await service.open(files.quoted);
    expect(summary.total).toBe(3);
    const rows = service.rows(importId, 'all', 0, 10).rows;
    expect(rows.map((r) => r.rowNumber)).toEqual(QUOTED_ROW_NUMBERS);
    expect(rows.map((r) => r.cells)).toEqual([
      ['13700000001', '张, 三', '北京市朝阳区\r\n建国路 1 号'],
      ['13700000002', '李"四"', '上海'],
      ['13700000003', '王五', '广州\r\n天河区\r\n体育西路'],
    ]);
  });

  it('blank lines are skipped but counted, so row numbers match Excel', async () => {
    const { importId, summary } = await service.open(files.blankLines);
    expect(summary.total).toBe(3);
    expect(service.rows(importId, 'all', 0, 10).rows.map((r) => r.rowNumber)).toEqual([2, 4, 7]);
  });

  it('blank lines past the first read step (32 KB) do not make a file read as empty', async () => {
    // 1,500 lines of spaces (about 48 KB) before the header: the whole-file read decodes in
    // 32 KB steps, and its first step alone holds nothing but blanks.
    const path = join(dir, 'late-rows.csv');
    const blank = ' '.repeat(30) + '\r\n';
    writeFileSync(
      path,
      blank.repeat(1_500) + '手机号,姓名\r\n13800000001,张三\r\n13800000002,李四\r\n',
    );
    const { importId, summary } = await service.open(path);
    expect(summary.total).toBe(2);
    expect(service.rows(importId, 'all', 0, 10).rows.map((r) => r.rowNumber)).toEqual([
      1_502, 1_503,
    ]);
  });

  it('Excel-mangled phones: repaired where possible, flagged with the fix where not', async () => {
    const { importId, summary } = await service.open(files.mangled);
    expect(counts(summary)).toEqual(MANGLED_COUNTS);
    const rows = service.rows(importId, 'all', 0, 100).rows;
    expect(rows.map((r) => r.rowNumber)).toEqual(MANGLED.map((_m, i) => i + 2));
    MANGLED.forEach((m, i) => {
      const r = rows[i]!;
      if (m.issue) {
        expect(r.status).toBe('problem');
        expect(r.issues[0]).toMatchObject({ code: m.issue, column: 0 });
      } else expect(r.phone).toBe(m.e164);
    });
    expect(rows[6]).toMatchObject({ status: 'duplicate', duplicateOf: 3 });

    const intl = await service.open(files.mangled, { international: true });
    expect(counts(intl.summary)).toEqual(MANGLED_INTERNATIONAL_COUNTS);
    expect(service.rows(intl.importId, 'all', 8, 1).rows[0]!.phone).toBe('+447911123456');
  });
});

describe('rows, filters, mapping and persistence', () => {
  let importId: number;
  beforeAll(async () => {
    importId = (await service.open(files.gbk)).importId;
  });

  it('reads pages by filter with the file row numbers', async () => {
    const problems = service.rows(importId, 'problems', 0, 1000);
    expect(problems.total).toBe(4);
    expect(problems.rows.map((r) => [r.rowNumber, r.issues[0]!.code])).toEqual([
      [50, 'phoneScientific'],
      [51, 'phoneTooShort'],
      [52, 'phoneEmpty'],
      [53, 'phoneNotMobile'],
    ]);
    const dups = service.rows(importId, 'duplicates', 0, 1000);
    expect(dups.total).toBe(5);
    expect(dups.rows.map((r) => [r.rowNumber, r.duplicateOf])).toEqual([
      [42, 2],
      [43, 3],
      [44, 4],
      [45, 5],
      [46, 6],
    ]);
    const same = service.rows(importId, 'samePhone', 0, 1000);
    expect(same.rows.map((r) => r.rowNumber)).toEqual([12, 13, 14, 47, 48, 49]);
    const page = service.rows(importId, 'all', 50, 10);
    expect(page.total).toBe(52);
    expect(page.rows.map((r) => r.rowNumber)).toEqual([52, 53]);
    expect(await service.heldPage(importId, 0, 10)).toEqual({ total: 0, offset: 0, rows: [] });
    expect(service.rows(importId, 'problems', 2, 1).rows[0]!.rowNumber).toBe(52);
  });

  it('setMapping re-validates every row by the template rules and is remembered', async () => {
    const strict = await service.setMapping(
      importId,
      '7654321',
      { phone: 0, params: [2] },
      undefined,
    );
    // "1,234.50" is not a verification code: every row with a good phone now has a problem.
    expect(counts(strict)).toMatchObject({
      total: 52,
      valid: 0,
      problems: 52,
      duplicatesRemoved: 0,
    });
    const row = service.rows(importId, 'all', 0, 1).rows[0]!;
    expect(row.issues).toEqual([{ code: 'variableNotDigits', column: 2, details: { n: 1 } }]);

    const filled = await service.setMapping(
      importId,
      TENCENT_TEMPLATE.templateId,
      undefined,
      undefined,
    );
    expect(filled.mapping).toEqual({ phone: 0, params: [1, 2] });
    expect(counts(filled)).toEqual(CUSTOMER_COUNTS);
    expect(service.rows(importId, 'all', 0, 1).rows[0]!.params).toEqual(['张伟', '1,234.50']);
    const again = await service.preview(files.utf8bom, { templateId: '7654321' });
    expect(again.mapping).toMatchObject({
      phone: 0,
      params: [2],
      source: 'remembered',
      check: null,
    });

    await expect(
      errorOf(service.setMapping(importId, '7654321', { phone: 0, params: [1, 2] }, undefined)),
    ).resolves.toMatchObject({ code: 'import_mapping_mismatch' });
    await expect(
      errorOf(service.setMapping(importId, '999', undefined, undefined)),
    ).resolves.toMatchObject({
      code: 'import_template_not_found',
    });
  });

  it('iterateValidRows pages through the sendable rows in file order', () => {
    const all = [...service.iterateValidRows(importId)];
    expect(all).toHaveLength(CUSTOMER_COUNTS.valid);
    expect(all.map((r) => r.rowNumber)).toEqual(
      [...all.map((r) => r.rowNumber)].sort((a, b) => a - b),
    );
    expect(all[0]).toMatchObject({
      seq: 0,
      rowNumber: 2,
      phone: '+8613800130000',
      params: ['张伟', '1,234.50'],
      samePhone: false,
    });
  });

  it('exports the problem rows as Excel-safe CSV with row numbers and fixes', async () => {
    const res = service.problemsCsv(importId, 'zh-CN');
    expect(res.rows).toBe(4);
    const text = res.csv;
    expect(text.startsWith('\uFEFF行号,手机号,姓名,金额,问题\r\n')).toBe(true);
    expect(text).toContain('50,1.38123E+10,郑爽,1.00,');
    expect(text).toContain('在 Excel 中将该列设为文本后重新导出');

    const evil = join(dir, 'evil.csv');
    writeFileSync(evil, '手机号,姓名\r\n13800000000,ok\r\n123,=HYPERLINK("http://x")\r\n');
    const e = await service.open(evil);
    const out = service.problemsCsv(e.importId, 'en-US').csv;
    expect(out).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(out).toContain('Phone number has too few digits');
  });

  it('survives a restart; an import cut short mid-parse is dropped', () => {
    const before = service.list().map((s) => s.importId);
    expect(before).toContain(importId);
    db.prepare(
      "INSERT INTO imports (file_name, path, size_bytes, kind, header_row, columns, mapping, international, state, created_at, updated_at) VALUES ('x', 'x', 1, 'text', 0, '[]', '{}', 0, 'parsing', 0, 0)",
    ).run();
    service = newService();
    expect(service.list().map((s) => s.importId)).toEqual(before);
    expect(service.get(importId).total).toBe(52);
    expect(service.rows(importId, 'all', 0, 1).rows[0]!.rowNumber).toBe(2);
  });

  it('deletes an import with its rows', async () => {
    const { importId: id } = await service.open(files.quoted);
    service.delete(id);
    expect(service.list().some((s) => s.importId === id)).toBe(false);
    expect(
      db
        .prepare(
          'SELECT (SELECT count(*) FROM import_blocks WHERE import_id = ?) + (SELECT count(*) FROM import_flagged WHERE import_id = ?) AS n',
        )
        .get(id, id),
    ).toEqual({ n: 0 });
    await expect(errorOf(Promise.resolve().then(() => service.get(id)))).resolves.toMatchObject({
      code: 'import_not_found',
    });
  });

  it('reports progress from the first moment to the end', async () => {
    progress.length = 0;
    const { importId: id } = await service.open(files.utf16le, {}, 'grant-1');
    expect(progress[0]).toMatchObject({ phase: 'reading', grant: 'grant-1' });
    expect(progress.at(-1)).toMatchObject({ phase: 'done', importId: id, rowsDone: 52 });
  });
});

describe('bad files get their own error and leave nothing behind', () => {
  it.each([
    ['empty', 'import_file_empty', 'imports.errors.empty', undefined],
    ['bomOnly', 'import_file_empty', 'imports.errors.empty', undefined],
    ['headerOnly', 'import_no_data_rows', 'imports.errors.noDataRows', { headerRow: 1 }],
    ['binary', 'import_file_binary', 'imports.errors.binary', undefined],
    ['tooLarge', 'import_file_too_large', 'imports.errors.tooLarge', { sizeMB: 201, limitMB: 200 }],
    ['unbalanced', 'import_unbalanced_quotes', 'imports.errors.unbalancedQuotes', { row: 3 }],
    [
      'noPhone',
      'import_no_phone_column',
      'imports.errors.noPhoneColumn',
      { columns: '姓名, 城市' },
    ],
    ['legacyXls', 'import_file_legacy_xls', 'imports.errors.legacyXls', undefined],
  ] as const)('%s → %s', async (key, code, messageKey, details) => {
    const before = service.list().length;
    const e = await errorOf(service.open(files.bad[key]));
    expect(e.code).toBe(code);
    expect(e.messageKey).toBe(messageKey);
    if (details) expect(e.details).toEqual(details);
    expect(service.list().length).toBe(before);
    expect(progress.at(-1)).toMatchObject({ phase: 'failed' });
  });

  it('the preview reports unbalanced quotes too, with the same row', async () => {
    const e = await errorOf(service.preview(files.bad.unbalanced));
    expect(e).toMatchObject({ code: 'import_unbalanced_quotes', details: { row: 3 } });
  });

  it('a missing file names the file, not the path', async () => {
    const e = await errorOf(service.open(join(dir, 'gone', '客户.csv')));
    expect(e).toMatchObject({ code: 'import_file_missing', details: { fileName: '客户.csv' } });
  });
});

describe('lists longer than one saved block', () => {
  it('pages across blocks, flags rows in earlier blocks and re-validates them all', async () => {
    const lines = ['手机号,姓名'];
    for (let i = 0; i < 2500; i++) lines.push(`1390000${String(i).padStart(4, '0')},客户${i}`);
    lines[2401] = '13900000000,客户0'; // row 2402: exact repeat of row 2
    lines[2451] = '13900000004,别人'; // row 6's phone with another name
    const path = join(dir, 'long.csv');
    writeFileSync(path, lines.join('\r\n') + '\r\n');
    const { importId, summary } = await service.open(path);
    expect(counts(summary)).toEqual({
      total: 2500,
      valid: 2499,
      problems: 0,
      duplicatesRemoved: 1,
      samePhoneDifferentParams: 2,
      distinctPhones: 2498,
    });
    const across = service.rows(importId, 'all', 995, 10).rows;
    expect(across.map((r) => r.rowNumber)).toEqual([
      997, 998, 999, 1000, 1001, 1002, 1003, 1004, 1005, 1006,
    ]);
    expect(across[5]!.cells).toEqual(['13900001000', '客户1000']);
    const deep = service.rows(importId, 'all', 2400, 2).rows;
    expect(deep[0]).toMatchObject({ rowNumber: 2402, status: 'duplicate', duplicateOf: 2 });
    expect(deep[0]!.issues).toEqual([{ code: 'duplicate', column: null, details: { row: 2 } }]);
    expect(service.rows(importId, 'samePhone', 0, 10).rows.map((r) => r.rowNumber)).toEqual([
      6, 2452,
    ]);
    expect(service.rows(importId, 'all', 4, 1).rows[0]!.status).toBe('samePhone');
    expect([...service.iterateValidRows(importId)]).toHaveLength(2499);

    const t = await service.setMapping(
      importId,
      TENCENT_TEMPLATE.templateId,
      { phone: 0, params: [1, null] },
      undefined,
    );
    expect(t.problems).toBe(2500);
    expect(service.rows(importId, 'problems', 2499, 5).rows.map((r) => r.rowNumber)).toEqual([
      2501,
    ]);
    const back = await service.setMapping(importId, null, { phone: 0, params: [] }, undefined);
    expect(back.valid).toBe(2499);
    expect(service.rows(importId, 'samePhone', 0, 10).total).toBe(2);
  });
});
