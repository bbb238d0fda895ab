/**
 * The inbound port (receipts and replies) of both real gateways against the emulator over
 * loopback: queue pulls hand each item out once, by-number pulls read a window without
 * consuming, replies come back exactly as the customer typed them, and a number on the
 * emulator's refusal list fails per number with the blacklist code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { LegacyGateway } from '../../../../../src/main/core/gateway/legacy-gateway';
import { TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';
import type { InboundGateway } from '../../../../../src/main/core/gateway/inbound-types';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';

// 2026-01-05 10:00 Beijing time.
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
let offset = 0;
let emu: RunningEmulator;
const open: Array<{ close(): void }> = [];

beforeAll(async () => {
  emu = await startEmulator({
    now: () => T0 + offset,
    receiptDelayMs: 2000,
    receiptFailShare: 0.5,
  });
});
afterAll(async () => {
  for (const g of open) g.close();
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  offset = 0;
});

const kinds: Array<[string, () => SmsGateway & InboundGateway]> = [
  [
    'API 3.0',
    () => {
      const g = new TencentGateway({ ...emu.account, endpoint: emu.endpoint, timeoutMs: 3000 });
      open.push(g);
      return g;
    },
  ],
  [
    'legacy App Key',
    () => {
      const g = new LegacyGateway({
        sdkAppId: emu.account.sdkAppId,
        appKey: emu.account.appKey!,
        endpoint: emu.endpoint,
        timeoutMs: 3000,
      });
      open.push(g);
      return g;
    },
  ],
];

const send = (g: SmsGateway, phones: string[]) =>
  g.sendSms({
    phones,
    templateId: '2001001',
    signName: 'SMS Desk练习',
    params: ['123456', '5'],
    sessionContext: '9:1',
  });

describe.each(kinds)('%s gateway', (_name, make) => {
  it('pulls each receipt once, after the delay, with the failure codes', async () => {
    const g = make();
    const phones = ['+8613800138000', '+8613800138001'];
    const sent = await send(g, phones);
    expect(sent.kind).toBe('answered');
    const serials = sent.kind === 'answered' ? sent.results.map((r) => r.serialNo) : [];
    const early = await g.pullStatus(100);
    expect(early).toEqual({ ok: true, value: [] });
    offset = 5000;
    const first = await g.pullStatus(100);
    if (!first.ok) throw new Error(first.code);
    expect(first.value.map((r) => r.serialNo).sort()).toEqual([...serials].sort());
    expect(first.value.map((r) => r.reportStatus).sort()).toEqual(['FAIL', 'SUCCESS']);
    expect(first.value.find((r) => r.reportStatus === 'FAIL')!.description).toBe('UNDELIV');
    expect(first.value[0]!.receivedAt).toBe(Math.floor((T0 + 2000) / 1000) * 1000);
    // Queue mode: gone once pulled; by number still finds it.
    expect(await g.pullStatus(100)).toEqual({ ok: true, value: [] });
    const again = await g.pullStatusByPhone(phones[0]!, T0 - 60_000, T0 + offset);
    if (!again.ok) throw new Error(again.code);
    expect(again.value.map((r) => r.serialNo)).toEqual([serials[0]]);
  });

  it('pulls replies once, stored exactly as typed (empty text too)', async () => {
    const g = make();
    emu.injectReply({ phone: '+8613800138005', text: 'ＴＤ ', at: T0 - 1000 });
    emu.injectReply({ phone: '13800138006', text: '', at: T0 - 500 });
    const r = await g.pullReplies(100);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.map((x) => [x.phone, x.text, x.repliedAt])).toEqual([
      ['+8613800138005', 'ＴＤ ', Math.floor((T0 - 1000) / 1000) * 1000],
      ['+8613800138006', '', Math.floor((T0 - 500) / 1000) * 1000],
    ]);
    expect(r.value[0]!.sign).toBe('SMS Desk练习');
    expect(await g.pullReplies(100)).toEqual({ ok: true, value: [] });
    const byPhone = await g.pullRepliesByPhone('+8613800138005', T0 - 60_000, T0);
    expect(byPhone.ok && byPhone.value.map((x) => x.text)).toEqual(['ＴＤ ']);
  });

  it('withheld receipts never come; the refusal list fails per number', async () => {
    const g = make();
    emu.setReceipts({ withhold: true });
    emu.setBlacklisted({ phone: '+8613800138009' });
    const sent = await send(g, ['+8613800138008', '+8613800138009']);
    if (sent.kind !== 'answered') throw new Error('not answered');
    expect(sent.results.map((r) => r.code)).toEqual([
      'Ok',
      'FailedOperation.PhoneNumberInBlacklist',
    ]);
    offset = 3600_000;
    expect(await g.pullStatus(100)).toEqual({ ok: true, value: [] });
  });
});

describe('control endpoints', () => {
  it('accept replies, blacklist and receipt settings over HTTP and refuse bad bodies', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emu.endpoint}/__emulator/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('replies', { phone: '+8613800138010', text: '退订' })).status).toBe(200);
    expect((await post('replies', { text: 'no phone' })).status).toBe(400);
    expect((await post('blacklist', { phone: '+8613800138011' })).status).toBe(200);
    expect((await post('receipts', { failShare: 2 })).status).toBe(400);
    expect((await post('receipts', { delayMs: 0, failShare: 0 })).status).toBe(200);
    const g = kinds[0]![1]();
    const r = await g.pullReplies(100);
    expect(r.ok && r.value.map((x) => x.text)).toEqual(['退订']);
    const sent = await send(g, ['+8613800138011', '+8613800138012']);
    expect(sent.kind === 'answered' && sent.results.map((x) => x.code)).toEqual([
      'FailedOperation.PhoneNumberInBlacklist',
      'Ok',
    ]);
    const receipts = await g.pullStatus(100);
    expect(receipts.ok && receipts.value.map((x) => x.reportStatus)).toEqual(['SUCCESS']);
  });
});
