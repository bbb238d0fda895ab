/**
 * The last moment before a request's bytes leave (`beforeWire`, issue 20 finding 6): the
 * outbox writes its "about to leave" mark there, so the hook must run before anything of the
 * request reaches the server, on a new connection and on a reused one, for both gateways; and
 * a hook that throws must keep the request from leaving at all.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { LegacyGateway } from '../../../../../src/main/core/gateway/legacy-gateway';
import { TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';
import type { SendRequest, SmsGateway } from '../../../../../src/main/core/gateway/types';

const BUSINESS_START = Date.UTC(2026, 0, 5, 2, 0, 0);
let emu: RunningEmulator;
/** API requests as they reach the emulator. */
let arrivals = 0;
const gateways: SmsGateway[] = [];

beforeAll(async () => {
  emu = await startEmulator({ now: () => BUSINESS_START, onRequest: () => arrivals++ });
});
beforeEach(() => {
  emu.reset();
  arrivals = 0;
});
afterAll(async () => {
  for (const g of gateways) g.close();
  await emu.close();
});

let seq = 0;
const request = (): SendRequest => ({
  phones: [`+86139${String(10_000_000 + seq++).slice(-8)}`],
  templateId: '2001001',
  signName: 'SMS Desk练习',
  params: ['123456', '5'],
  sessionContext: `job-9:row-${seq}`,
});

const makers: [string, () => SmsGateway][] = [
  [
    'API 3.0',
    () => new TencentGateway({ ...emu.account, endpoint: emu.endpoint, timeoutMs: 3000 }),
  ],
  [
    'legacy',
    () =>
      new LegacyGateway({
        sdkAppId: emu.account.sdkAppId,
        appKey: emu.account.appKey!,
        endpoint: emu.endpoint,
        timeoutMs: 3000,
      }),
  ],
];

describe.each(makers)('beforeWire (%s gateway)', (_name, make) => {
  it('runs before the server sees anything, on a new and on a reused connection', async () => {
    const gw = make();
    gateways.push(gw);
    expect(gw.holdsBack).toBe(true);
    for (let i = 0; i < 3; i++) {
      const seenAtHook: number[] = [];
      const before = arrivals;
      const r = await gw.sendSms(request(), {
        notBefore: Promise.resolve(),
        beforeWire: () => seenAtHook.push(arrivals - before),
      });
      expect(r.kind).toBe('answered');
      expect(seenAtHook).toEqual([0]);
      expect(arrivals - before).toBe(1);
    }
    expect(emu.sent()).toHaveLength(3);
  });

  it('a hook that throws keeps the request from leaving: retryable, nothing sent', async () => {
    const gw = make();
    gateways.push(gw);
    // Warm one connection first, so both a reused and a new socket are tried.
    expect((await gw.sendSms(request())).kind).toBe('answered');
    const before = arrivals;
    for (let i = 0; i < 2; i++) {
      const r = await gw.sendSms(request(), {
        notBefore: Promise.resolve(),
        beforeWire: () => {
          throw new Error('no space left on device');
        },
      });
      expect(r).toMatchObject({ kind: 'failed', failure: 'retryable' });
    }
    await new Promise((res) => setTimeout(res, 100));
    expect(arrivals - before).toBe(0);
    expect(emu.sent()).toHaveLength(1);
    // The gateway still works afterwards.
    expect((await gw.sendSms(request())).kind).toBe('answered');
  });
});
