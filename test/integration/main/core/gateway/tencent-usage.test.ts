import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';
import { beijingHour } from '../../../../../src/main/core/gateway/tencent-usage';
import { usageOf } from '../../../../../src/main/core/gateway/usage-types';

// 2026-01-05 10:00 Beijing time.
const START = Date.UTC(2026, 0, 5, 2, 0, 0);
const HOUR = 3_600_000;
let offset = 0;
let emu: RunningEmulator;
let gw: TencentGateway;

beforeAll(async () => {
  emu = await startEmulator({ now: () => START + offset, receiptFailShare: 0.25 });
  gw = new TencentGateway({ ...emu.account, endpoint: emu.endpoint, timeoutMs: 3000 });
});
beforeEach(() => {
  emu.reset();
  offset = 0;
});
afterAll(async () => {
  await gw.closeGracefully();
  await emu.close();
});

const phones = (n: number, base: number): string[] =>
  Array.from({ length: n }, (_, i) => `+86138${String(base + i).padStart(8, '0')}`);

async function send(list: string[]): Promise<void> {
  const r = await gw.sendSms({
    phones: list,
    templateId: '2001001',
    signName: 'SMS Desk练习',
    params: ['123456', '5'],
  });
  expect(r.kind).toBe('answered');
}

describe('usage calls of the API 3.0 gateway against the emulator', () => {
  it('formats windows as Beijing hours', () => {
    expect(beijingHour(START)).toBe('2026010510');
  });

  it('reads packages, paging, with the usage the sends consumed', async () => {
    const usage = usageOf(gw)!;
    const before = await usage.packages(START - 400 * 24 * HOUR, START);
    expect(before).toEqual({
      ok: true,
      value: [expect.objectContaining({ packageId: 800001, amount: 1000, used: 0, type: 'gift' })],
    });
    await send(phones(8, 1));
    const after = await usage.packages(START - 400 * 24 * HOUR, START);
    expect(after.ok && after.value[0]!.used).toBe(8);
  });

  it('sees packages a test sets, and SendStatusStatistics and CallbackStatusStatistics of what was sent', async () => {
    emu.setPackages([
      {
        packageId: 1,
        packageType: 1,
        amount: 5,
        used: 0,
        createTime: START / 1000 - 3600,
        effectiveTime: START / 1000 - 3600,
        expiredTime: START / 1000 + 86_400,
      },
    ]);
    await send(phones(8, 100));
    const usage = usageOf(gw)!;
    const pk = await usage.packages(START - 2 * HOUR, START);
    expect(pk.ok && pk.value.map((p) => [p.type, p.amount, p.used])).toEqual([['purchased', 5, 5]]);
    const st = await usage.sendStats(START - HOUR, START);
    expect(st).toEqual({
      ok: true,
      value: { requestCount: 8, requestSuccessCount: 5, feeCount: 5 },
    });
    offset = 10_000; // receipts arrive
    const cb = await usage.callbackStats(START - HOUR, START);
    expect(cb.ok && cb.value).toMatchObject({
      requestSuccessCount: 5,
      callbackCount: 5,
      callbackFailCount: 1,
      callbackSuccessCount: 4,
    });
  });

  it('answers a window longer than 32 days for receipts with a parameter error', async () => {
    const cb = await usageOf(gw)!.callbackStats(START - 40 * 24 * HOUR, START);
    expect(cb).toMatchObject({ ok: false, code: 'InvalidParameterValue.EndTimeVerifyFail' });
  });

  it('tops packages up through POST /__emulator/packages', async () => {
    const r = await fetch(`${emu.endpoint}/__emulator/packages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ packages: [{ amount: 30, used: 10 }] }),
    });
    expect(await r.json()).toEqual({ ok: true, balance: 20 });
    const bad = await fetch(`${emu.endpoint}/__emulator/packages`, {
      method: 'POST',
      body: JSON.stringify({ packages: [{ amount: -1 }] }),
    });
    expect(bad.status).toBe(400);
  });
});
