import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { HistoryService, beijingTime, phoneNeedle } from '../../../../../src/main/core/history';
import { silentLogger } from '../../../../../src/main/core/kernel/log';
import { createSendJournal } from '../../../../../src/main/core/outbox';
import { catalogText, type CatalogLanguage } from '../../../../../src/main/core/kernel/catalog';
import { describeTencentCode } from '../../../../../src/shared/tencent-errors';

const T0 = Date.UTC(2026, 10, 27, 1, 0, 0); // 09:00 Beijing

function addJob(db: Db, id: number, opts: { started?: boolean; templateId?: string } = {}): void {
  db.prepare(
    `INSERT INTO jobs (id, idempotency_key, kind, sdk_app_id, template_id, template_content,
       template_kind, sign_name, options, status, total, created_at, started_at, updated_at)
     VALUES (?, ?, 'direct', '1400000000', ?, '验证码{1}', 'verification', '小店', '{}', ?, 0, ?, ?, ?)`,
  ).run(
    id,
    `key-${id}`,
    opts.templateId ?? '1000',
    opts.started === false ? 'draft' : 'finished',
    T0 + id,
    opts.started === false ? null : T0 + id,
    T0 + id,
  );
}

function addRow(
  db: Db,
  jobId: number,
  rowNo: number,
  phone: string,
  state: string,
  at: number,
  extra: { code?: string; serial?: string; fee?: number; rendered?: string } = {},
): void {
  db.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
       attempted_at, sent_at, updated_at)
     VALUES (?, ?, ?, '["1234"]', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    jobId,
    rowNo,
    phone,
    extra.rendered ?? '【小店】验证码1234',
    state,
    extra.code ?? null,
    extra.serial ?? null,
    extra.fee ?? null,
    at,
    state === 'sent' ? at : null,
    at,
  );
}

describe('HistoryService', () => {
  let dir: string;
  let db: Db;
  let svc: HistoryService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-history-'));
    db = openDatabase(join(dir, 'sms-desk.db'));
    svc = new HistoryService({ db, reads: createSendJournal(db, silentLogger).reads });
    db.prepare(
      `INSERT INTO templates (template_id, name, content, international, status, source, kind, updated_at)
       VALUES ('1000', '登录验证码', '验证码{1}', 0, 'approved', 'synced', 'verification', 0)`,
    ).run();
    addJob(db, 1);
    addRow(db, 1, 1, '+8613812345678', 'sent', T0 + 1000, { code: 'Ok', serial: 'S1', fee: 1 });
    addRow(db, 1, 2, '+8613912345678', 'failed', T0 + 2000, {
      code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
      fee: 0,
    });
    addJob(db, 2, { templateId: '2000' });
    addRow(db, 2, 1, '+8613812345678', 'sent', T0 + 5000, {
      code: 'Ok',
      serial: 'S2',
      fee: 2,
      rendered: '=HYPERLINK("x")',
    });
    // A draft cancelled at the confirmation never sent anything: not history.
    addJob(db, 3, { started: false });
    addRow(db, 3, 1, '+8613700000000', 'cancelled', T0 + 9000);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every started send, newest first, with template name, sign, code and fee', async () => {
    const { rows, total } = await svc.list({}, 0, 50);
    expect(total).toBe(3);
    expect(rows.map((r) => r.id)).toEqual(['2:1', '1:2', '1:1']);
    expect(rows[2]).toMatchObject({
      phone: '+8613812345678',
      templateId: '1000',
      templateName: '登录验证码',
      signName: '小店',
      state: 'sent',
      serialNo: 'S1',
      fee: 1,
      // Sent long ago with no receipt stored: Tencent no longer keeps one.
      receipt: { status: 'expired', description: '', at: null },
    });
    expect(rows[0]!.templateName).toBe('');
  });

  it('filters by number as typed, template, date range and state, and pages', async () => {
    expect((await svc.list({ phone: '138 1234 5678' }, 0, 50)).total).toBe(2);
    expect((await svc.list({ phone: '+86 139' }, 0, 50)).total).toBe(1);
    expect((await svc.list({ phone: '１３９' }, 0, 50)).total).toBe(1);
    expect((await svc.list({ templateId: '2000' }, 0, 50)).rows.map((r) => r.id)).toEqual(['2:1']);
    expect(
      (await svc.list({ from: T0 + 1500, to: T0 + 4000 }, 0, 50)).rows.map((r) => r.id),
    ).toEqual(['1:2']);
    expect((await svc.list({ states: ['failed'] }, 0, 50)).rows.map((r) => r.id)).toEqual(['1:2']);
    const page2 = await svc.list({}, 1, 1);
    expect(page2.total).toBe(3);
    expect(page2.rows.map((r) => r.id)).toEqual(['1:2']);
  });

  it('exports the filtered list as a BOM CSV with plain texts, formula-safe', () => {
    const { csv: text, count } = svc.csv({ phone: '13812345678' });
    expect(count).toBe(2);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('号码');
    expect(lines[1]!.startsWith(`${beijingTime(T0 + 5000)},138 1234 5678,2000,`)).toBe(true);
    // A rendered text starting with = must not become a formula in Excel.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain(',已发送,');
  });

  it('adds an estimated cost in 元 per sent row, from the usage prices', () => {
    const priced = new HistoryService({
      db,
      reads: createSendJournal(db, silentLogger).reads,
      // 0.045 元 per segment: one segment shows 0.05, two 0.09.
      costOf: (_phone, segments) => segments * 450,
    });
    const lines = priced.csv({}).csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toContain(',计费条数,估算费用（元）,');
    expect(lines[1]).toContain(',2,0.09,');
    expect(lines[2]).toMatch(/,0,,/);
    expect(lines[3]).toContain(',1,0.05,');
    const unpriced = new HistoryService({
      db,
      reads: createSendJournal(db, silentLogger).reads,
      costOf: () => null,
    });
    expect(unpriced.csv({ states: ['sent'] }).csv).toContain(',价格未设置,');
  });

  it('explains failure codes in the export', () => {
    const { csv: text } = svc.csv({ states: ['failed'] });
    expect(text).toContain('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(text).toMatch(/30/);
  });

  it('writes headers, states and code texts in the language asked, from the catalogs', () => {
    const keys = ['time', 'phone', 'templateId', 'template', 'sign', 'text', 'state', 'code'];
    const read = (language?: CatalogLanguage): string[] => {
      const { csv } = language
        ? svc.csv({ states: ['sent', 'failed'] }, language)
        : svc.csv({ states: ['sent', 'failed'] });
      return csv.slice(1).trim().split('\r\n');
    };
    const header = (language: CatalogLanguage): string =>
      keys.map((k) => catalogText(language, `history.csv.${k}`)).join(',');
    const code = 'LimitExceeded.PhoneNumberThirtySecondLimit';

    const zh = read();
    expect(zh[0]!.startsWith(`${header('zh-CN')},`)).toBe(true);
    expect(zh[0]!.startsWith('时间（北京时间）,号码,')).toBe(true);
    expect(zh.join('\n')).toContain(`,${catalogText('zh-CN', 'send.state.sent')},`);
    expect(zh.join('\n')).toContain(describeTencentCode(code).zh);

    const en = read('en-US');
    expect(en[0]!.startsWith(`${header('en-US')},`)).toBe(true);
    expect(header('en-US')).not.toBe(header('zh-CN'));
    expect(en).toHaveLength(zh.length);
    const enText = en.join('\n');
    expect(enText).toContain(`,${catalogText('en-US', 'send.state.sent')},`);
    expect(enText).toContain(`,${catalogText('en-US', 'send.state.failed')},${code},`);
    expect(enText).toContain(describeTencentCode(code).en);
    expect(enText).not.toMatch(/已发送|失败|号码/);
  });
});

describe('helpers', () => {
  it('phoneNeedle keeps the national digits of what the user typed', () => {
    expect(phoneNeedle('+86 138-1234')).toBe('1381234');
    expect(phoneNeedle('0086 13812345678')).toBe('13812345678');
    expect(phoneNeedle('8613812345678')).toBe('13812345678');
    expect(phoneNeedle('86')).toBe('86');
  });
  it('beijingTime shows the Beijing wall clock', () => {
    expect(beijingTime(Date.UTC(2026, 0, 1, 16, 0, 0))).toBe('2026-01-02 00:00:00');
  });
});
