/**
 * Receipts, replies and the do-not-send list through the whole core: the real outbox sends
 * through the real SDK to the emulator over loopback, the inbound room pulls what comes back
 * and stores it in the real SQLite file. Core and emulator share one manual business clock;
 * pull cycles are run by the test, not by a timer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core, type CoreDeps } from '../../../../../src/main/core';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { createKeytarStore } from '../../../../../src/main/core/keychain';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import type { InboundRoom } from '../../../../../src/main/core/inbound/room';
import type { JobProgress } from '../../../../../src/shared/api/outbox';
import type { HistoryRow } from '../../../../../src/shared/api/history';
import {
  BEIJING_10AM,
  TEMPLATE,
  phoneOf,
  testProfile,
  until,
} from '../../../../support/outbox/env';

const DAY = 86_400_000;
let dir: string;
let outDir: string;
let clock: ManualClock;
let emu: RunningEmulator;
let core: Core;
let key = 0;

async function open(inbound: CoreDeps['inbound'] = {}): Promise<Core> {
  return createCore({
    dataDir: dir,
    clock,
    env: { SMS_DESK_PRACTICE_EMULATOR: emu.endpoint },
    packaged: false,
    secretStore: createKeytarStore(`SMS Desk Test ${process.pid}`),
    inbound: { autoStart: false, sleep: () => Promise.resolve(), ...inbound },
    // Exports are "saved" into a folder of the test's own, outside the data folder.
    pickSavePath: (name) => Promise.resolve(join(outDir, name)),
  });
}

const room = (c: Core = core): InboundRoom => c.context.inbound!;

async function call<T>(name: string, input: unknown, c: Core = core): Promise<T> {
  const r = await c.call(name, input);
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** Creates and runs a job to its end; returns its id. */
async function send(
  phones: string[],
  extra: Record<string, unknown> = {},
  c: Core = core,
): Promise<number> {
  const { job } = await call<{ job: { id: number } }>(
    'job.create',
    {
      idempotencyKey: `receipts-${++key}-${Date.now()}`,
      kind: 'batch',
      ...TEMPLATE,
      rows: phones.map((phone, i) => ({ rowNo: i + 1, phone, params: ['123456', '5'] })),
      ...extra,
    },
    c,
  );
  let done = false;
  const off = c.onEvent((name, payload) => {
    if (name === 'job.finished' && (payload as JobProgress).jobId === job.id) done = true;
  });
  await call('job.start', { jobId: job.id }, c);
  await until(() => done, 30_000, `job ${job.id} to finish`);
  off();
  return job.id;
}

const history = async (filter: Record<string, unknown> = {}) =>
  call<{ rows: HistoryRow[]; total: number }>('history.list', { filter, limit: 500 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-inbound-'));
  outDir = mkdtempSync(join(tmpdir(), 'sms-desk-inbound-out-'));
  clock = new ManualClock(BEIJING_10AM);
  emu = await startEmulator({ now: () => clock.now(), profile: testProfile() });
  core = await open();
});

afterEach(async () => {
  await core.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('delivery receipts', () => {
  it('1,000 sends get every receipt in one pull cycle, matched to their rows', async () => {
    emu.setReceipts({ delayMs: 3000, failShare: 0.1 });
    const phones = Array.from({ length: 1000 }, (_, i) => phoneOf(i));
    const jobId = await send(phones);
    // Before the carrier reports: every sent row waits.
    expect(room().service.countsForJob(jobId)).toEqual({
      delivered: 0,
      failed: 0,
      waiting: 1000,
      expired: 0,
    });
    clock.advance(5000);
    const r = await room().service.cycle();
    expect(r.receipts).toBe(1000);
    expect(r.nextInMs).not.toBeNull();
    expect(await call('receipts.forJob', { jobId })).toEqual({
      delivered: 900,
      failed: 100,
      waiting: 0,
      expired: 0,
    });
    const failed = await history({ delivery: ['failed'] });
    expect(failed.total).toBe(100);
    expect(failed.rows[0]!.receipt).toMatchObject({ status: 'failed' });
    expect(['UNDELIV', 'EXPIRED', 'MK:0001', 'DB:0141']).toContain(
      failed.rows[0]!.receipt!.description,
    );
    const delivered = await history({ delivery: ['delivered'] });
    expect(delivered.total).toBe(900);
    expect(delivered.rows[0]!.receipt!.at).toBe(Math.floor((BEIJING_10AM + 3000) / 1000) * 1000);
    // The statistics and reconcile ports read the same receipts.
    const days = room().service.countsPerDay(
      emu.account.sdkAppId,
      BEIJING_10AM - DAY,
      BEIJING_10AM + DAY,
    );
    expect(days).toEqual([{ day: '2026-11-27', delivered: 900, failed: 100, waiting: 0 }]);
    const serial = delivered.rows[0]!.serialNo;
    expect(room().service.receiptsFor([serial]).get(serial)).toMatchObject({
      delivered: true,
    });
    // Nothing waits any more in the last hour: the next pull is the slow one.
    clock.advance(1000);
    expect((await room().service.cycle()).nextInMs).toBe(180_000);
  });

  it('a crash between pull and store loses nothing: the backfill after restart reads them back', async () => {
    emu.setReceipts({ delayMs: 1000, failShare: 0 });
    const phones = Array.from({ length: 30 }, (_, i) => phoneOf(i));
    const jobId = await send(phones);
    clock.advance(2000);
    await core.close();
    // The pulled page never reaches the database (as if the app were killed before commit).
    let fail = true;
    core = await open({
      beforeCommit: () => {
        if (fail) {
          fail = false;
          throw new Error('killed');
        }
      },
      timing: { backfillPerCycle: 50 },
    });
    const lost = await room().service.cycle();
    expect(lost.receipts).toBe(0);
    expect(room().service.lastError).not.toBeNull();
    expect(await emu.sent()).toHaveLength(30);
    await core.close();
    // Restarted: the queue is empty now, the start-up backfill asks by number.
    core = await open({ timing: { backfillPerCycle: 50 } });
    const back = await room().service.cycle();
    expect(back.receipts).toBe(0);
    expect(back.backfilled).toBe(30);
    expect(await call('receipts.forJob', { jobId })).toMatchObject({ delivered: 30, waiting: 0 });
  });

  it('rows without a receipt for 7 days read 回执已过期, and a receipt arriving twice counts once', async () => {
    emu.setReceipts({ withhold: true });
    const jobId = await send([phoneOf(1), phoneOf(2)]);
    clock.advance(8 * DAY);
    const rows = (await history()).rows;
    expect(rows.map((r) => r.receipt?.status)).toEqual(['expired', 'expired']);
    expect(await call('receipts.forJob', { jobId })).toMatchObject({ expired: 2, waiting: 0 });
    expect((await history({ delivery: ['expired'] })).total).toBe(2);
  });
});

describe('replies and the do-not-send list', () => {
  it('a TD reply adds the number; the next batch leaves it out with the reason', async () => {
    await send([phoneOf(1), phoneOf(2)]);
    emu.injectReply({ phone: phoneOf(1), text: ' ＴＤ ' });
    emu.injectReply({ phone: phoneOf(2), text: '好的，谢谢' });
    const r = await room().service.cycle();
    expect(r.replies).toBe(2);
    const replies = await call<{ rows: { phone: string; text: string; optOut: boolean }[] }>(
      'replies.list',
      {},
    );
    expect(replies.rows.map((x) => [x.phone, x.text, x.optOut])).toEqual([
      [phoneOf(2), '好的，谢谢', false],
      [phoneOf(1), ' ＴＤ ', true],
    ]);
    const list = await call<{ rows: { phone: string; source: string; note: string }[] }>(
      'optout.list',
      {},
    );
    expect(list.rows).toEqual([
      expect.objectContaining({ phone: phoneOf(1), source: 'reply', note: ' ＴＤ ' }),
    ]);

    clock.advance(3600_000);
    const { job } = await call<{ job: { id: number } }>('job.create', {
      idempotencyKey: `next-${Date.now()}`,
      kind: 'batch',
      templateId: '2002001',
      templateContent: '{1}，您预约的{2}将于{3}开始，请准时到达。',
      templateKind: 'notification',
      signName: TEMPLATE.signName,
      rows: [
        { rowNo: 1, phone: phoneOf(1), params: ['张三', '体检', '明天'] },
        { rowNo: 2, phone: phoneOf(3), params: ['李四', '体检', '明天'] },
      ],
    });
    const plan = await call<{ rows: number; optedOut: { count: number; items: unknown[] } }>(
      'job.plan',
      { jobId: job.id },
    );
    expect(plan.rows).toBe(1);
    expect(plan.optedOut).toEqual({ count: 1, items: [{ rowNo: 1, phone: phoneOf(1) }] });
    const rows = await call<{ items: { phone: string; state: string; code: string | null }[] }>(
      'job.rows',
      { jobId: job.id },
    );
    expect(rows.items.find((x) => x.phone === phoneOf(1))).toMatchObject({
      state: 'skipped',
      code: 'Local.OptedOut',
    });
  });

  it('a Tencent refusal adds the number; verification codes skip it unless overridden', async () => {
    emu.setBlacklisted({ phone: phoneOf(7) });
    await send([phoneOf(7), phoneOf(8)]);
    const list = await call<{ rows: { phone: string; source: string }[] }>('optout.list', {});
    expect(list.rows).toEqual([expect.objectContaining({ phone: phoneOf(7), source: 'refusal' })]);
    // Verification codes: skipped by default, sent with the per-send override.
    const skipped = await send([phoneOf(7)].concat([phoneOf(9)]));
    const s = await call<{ items: { phone: string; state: string }[] }>('job.rows', {
      jobId: skipped,
    });
    expect(s.items.find((x) => x.phone === phoneOf(7))!.state).toBe('skipped');
    emu.setBlacklisted({ phone: phoneOf(7), on: false });
    clock.advance(3600_000);
    const overridden = await send([phoneOf(7)], {
      options: { marketing: false, heldPolicy: 'wait', concurrency: 4, ignoreOptOut: true },
    });
    const o = await call<{ items: { state: string }[] }>('job.rows', { jobId: overridden });
    expect(o.items[0]!.state).toBe('sent');
  });

  it('pasted numbers are added with the bad ones named; keywords are editable and validated', async () => {
    const added = await call<{ added: number; already: number; invalid: string[] }>('optout.add', {
      text: '138 0013 8000\n13800138001, 12345\n13800138000',
      note: '电话要求',
    });
    expect(added).toMatchObject({ added: 2, already: 0, invalid: ['12345'] });
    const again = await call<{ added: number; already: number }>('optout.add', {
      text: '+86 138 0013 8000',
    });
    expect(again).toMatchObject({ added: 0, already: 1 });
    const removed = await call<{ removed: number }>('optout.remove', {
      phones: ['+8613800138001'],
    });
    expect(removed.removed).toBe(1);
    const bad = await core.call('optout.setKeywords', { keywords: ['  '] });
    expect(bad).toMatchObject({ ok: false, error: { messageKey: 'optout.errors.keywordsEmpty' } });
    await call('optout.setKeywords', { keywords: ['不要了', 'TD'] });
    expect(room().optout.isOptOutReply('不要了。')).toBe(true);
    expect(room().optout.isOptOutReply('退订')).toBe(false);
  });

  it('a job made before its number joined the list leaves it out when the request would go', async () => {
    const { job } = await call<{ job: { id: number } }>('job.create', {
      idempotencyKey: `late-${Date.now()}`,
      kind: 'batch',
      ...TEMPLATE,
      templateKind: 'notification',
      rows: [
        { rowNo: 1, phone: phoneOf(40), params: ['123456', '5'] },
        { rowNo: 2, phone: phoneOf(41), params: ['123456', '5'] },
      ],
    });
    // Joins after the job was made (pre-flight saw nothing) and before it starts sending.
    await call('optout.add', { text: phoneOf(40) });
    let done = false;
    const off = core.onEvent((name, p) => {
      if (name === 'job.finished' && (p as JobProgress).jobId === job.id) done = true;
    });
    await call('job.start', { jobId: job.id });
    await until(() => done, 30_000, 'job to finish');
    off();
    const rows = await call<{ items: { phone: string; state: string; code: string | null }[] }>(
      'job.rows',
      { jobId: job.id },
    );
    expect(rows.items.map((r) => [r.phone, r.state, r.code])).toEqual([
      [phoneOf(40), 'skipped', 'Local.OptedOut'],
      [phoneOf(41), 'sent', 'Ok'],
    ]);
    expect(emu.sent().map((s) => s.phone)).toEqual([phoneOf(41)]);
  });

  it('imports a spreadsheet through the batch reader and exports the list formula-safe', async () => {
    const file = join(outDir, '退订名单.csv');
    writeFileSync(
      file,
      '\uFEFF姓名,手机号,备注\r\n张三,138 0013 8100,=HYPERLINK("x")\r\n李四,12345,\r\n王五,13800138101,\r\n',
    );
    const grant = core.grantFile(file).grant;
    const r = await call<{ added: number; invalid: string[]; invalidCount: number }>(
      'optout.import',
      { grant, note: '=1+1' },
    );
    expect(r).toMatchObject({ added: 2, invalidCount: 1, invalid: ['3: 12345'] });
    const list = await call<{ rows: { phone: string; source: string }[] }>('optout.list', {});
    expect(list.rows.map((x) => [x.phone, x.source]).sort()).toEqual([
      ['+8613800138100', 'import'],
      ['+8613800138101', 'import'],
    ]);
    const saved = await call<{ path: string; count: number }>('optout.export', {});
    expect(saved.count).toBe(2);
    const csv = readFileSync(saved.path, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('号码,来源,备注,加入时间');
    expect(csv).toContain('表格导入');
    // A note that starts like a formula is neutralised, never evaluated by Excel.
    expect(csv).not.toMatch(/,=1\+1/);
    emu.injectReply({ phone: phoneOf(50), text: '=cmd' });
    await send([phoneOf(50)]);
    await room().service.cycle();
    const replies = await call<{ path: string; count: number }>('replies.export', {});
    const rcsv = readFileSync(replies.path, 'utf8');
    expect(replies.count).toBe(1);
    expect(rcsv).not.toMatch(/,=cmd/);
  });
});
