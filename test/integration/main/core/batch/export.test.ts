import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobExportPrefix, writeJobRows } from '../../../../../src/main/core/batch/service';
import { catalogText, type CatalogLanguage } from '../../../../../src/main/core/kernel/catalog';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';

function seedJob(
  db: Db,
  rows: { state: string; phone: string; params: string[]; code?: string }[],
) {
  const id = Number(
    db
      .prepare(
        `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
           template_kind, sign_name, options, status, total, created_at, updated_at)
         VALUES ('k-' || abs(random()), 'batch', '1400000001', '2001002', '{1}您好', 'notification',
           '示例小店', '{}', 'finished', ?, 0, 0)`,
      )
      .run(rows.length).lastInsertRowid,
  );
  const ins = db.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, fee, sent_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  rows.forEach((r, i) =>
    ins.run(
      id,
      i + 2,
      r.phone,
      JSON.stringify(r.params),
      `【示例小店】${r.params[0] ?? ''}您好`,
      r.state,
      r.code ?? null,
      r.state === 'sent' ? 1 : null,
      r.state === 'sent' ? Date.UTC(2026, 10, 27, 1, 2, 3) : null,
    ),
  );
  return id;
}

/** Collects what the export writes, as the atomic file in the user's chosen folder would. */
function exportJobRows(
  db: Db,
  opts: Parameters<typeof writeJobRows>[2],
): { rows: number; text: string } {
  let text = '';
  const rows = writeJobRows(db, { write: (t) => (text += t) }, opts);
  return { rows, text };
}

describe('batch results export (real SQLite)', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-export-'));
    db = openDatabase(join(dir, 'sms-desk.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every row with a BOM, plain-language states and neutralised formulas', () => {
    const jobId = seedJob(db, [
      { state: 'sent', phone: '+8613912345678', params: ['张三'] },
      {
        state: 'failed',
        phone: '+8613912345679',
        params: ['=HYPERLINK("x")'],
        code: 'FailedOperation.PhoneNumberInBlacklist',
      },
      { state: 'unknown', phone: '+447911123456', params: ['@李四, "老客户"'] },
    ]);
    const out = exportJobRows(db, { jobId, language: 'zh-CN' });
    expect(out.rows).toBe(3);
    const text = out.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '行号,手机号,变量1,状态,结果代码,说明,计费条数,发送时间,流水号,短信内容,送达回执',
    );
    // Sent long ago and no receipt stored: Tencent keeps none after 7 days.
    expect(lines[1]).toBe(
      '2,13912345678,张三,已发送,,,1,2026-11-27 09:02:03,,【示例小店】张三您好,回执已过期',
    );
    expect(lines[2]).toContain(`'=HYPERLINK(""x"")`);
    expect(lines[2]).toContain('FailedOperation.PhoneNumberInBlacklist');
    expect(lines[2]).toMatch(/,失败,/);
    // Foreign numbers keep their + sign, neutralised so Excel does not compute it.
    expect(lines[3]).toContain(`'+447911123456`);
    expect(lines[3]).toContain(`"'@李四, ""老客户"""`);
    expect(text).not.toMatch(/,=|,\+|,@/);
  });

  it('filters by state and speaks English when asked', () => {
    const jobId = seedJob(db, [
      { state: 'sent', phone: '+8613912345678', params: ['a'] },
      {
        state: 'failed',
        phone: '+8613912345679',
        params: ['b'],
        code: 'LimitExceeded.PhoneNumberDailyLimit',
      },
    ]);
    const out = exportJobRows(db, { jobId, states: ['failed'], language: 'en-US' });
    expect(out.rows).toBe(1);
    const lines = out.text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^Row,Phone,Variable 1,State,Code,Explanation/);
    expect(lines[1]).toMatch(/^3,13912345679,b,Failed,LimitExceeded\.PhoneNumberDailyLimit,/);
  });

  it('takes headers, states and the file name from the catalogs of the language asked', () => {
    const jobId = seedJob(db, [
      { state: 'held', phone: '+8613912345678', params: ['a', 'b'] },
      { state: 'sent', phone: '+8613912345679', params: ['c', 'd'] },
    ]);
    const read = (language: CatalogLanguage) => {
      const out = exportJobRows(db, { jobId, language });
      const lines = out.text.slice(1).split('\r\n').filter(Boolean);
      return { lines };
    };
    const c = (language: CatalogLanguage, key: string, params?: Record<string, number>) =>
      catalogText(language, `batch.export.columns.${key}`, params);
    const header = (language: CatalogLanguage) =>
      [
        c(language, 'row'),
        c(language, 'phone'),
        c(language, 'variable', { n: 1 }),
        c(language, 'variable', { n: 2 }),
        ...['state', 'code', 'codeText', 'fee', 'sentAt', 'serial', 'text'].map((k) =>
          c(language, k),
        ),
        catalogText(language, 'inbound.csv.receipt'),
      ].join(',');

    const zh = read('zh-CN');
    const en = read('en-US');
    expect(header('en-US')).not.toBe(header('zh-CN'));
    expect(zh.lines[0]).toBe(header('zh-CN'));
    expect(en.lines[0]).toBe(header('en-US'));
    for (const [language, file] of [
      ['zh-CN', zh],
      ['en-US', en],
    ] as const) {
      expect(file.lines[1]).toContain(`,a,b,${catalogText(language, 'batch.state.held')},`);
      expect(file.lines[2]).toContain(`,c,d,${catalogText(language, 'batch.state.sent')},`);
      expect(jobExportPrefix(language, jobId)).toBe(
        `${catalogText(language, 'batch.export.fileName')}-${jobId}`,
      );
    }
    expect(catalogText('en-US', 'batch.state.held')).not.toBe(
      catalogText('zh-CN', 'batch.state.held'),
    );
  });

  it('refuses a job that does not exist', () => {
    expect(() => exportJobRows(db, { jobId: 999, language: 'zh-CN' })).toThrow('job_not_found');
  });
});
