/**
 * The legacy App Key gateway against the emulator's legacy endpoints over loopback: `sig`
 * checked by the emulator, per-number results read through the catalog, the transport's
 * failures classed with the same retry safety as the API 3.0 gateway.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultProfile,
  startEmulator,
  type RunningEmulator,
} from '../../../../../src/main/core/emulator';
import { LegacyGateway } from '../../../../../src/main/core/gateway/legacy-gateway';
import type { SendRequest } from '../../../../../src/main/core/gateway/types';
import { LEGACY_UNSUPPORTED } from '../../../../../src/shared/tencent-legacy-codes';

// 2026-01-05 10:00 Beijing time.
const BUSINESS_START = Date.UTC(2026, 0, 5, 2, 0, 0);
const [PRACTICE, , DISABLED, IP_LOCKED] = defaultProfile.accounts;

let emu: RunningEmulator;
let clockOffset = 0;
let bodies: Record<string, unknown>[] = [];
let urls: string[] = [];
const gateways: LegacyGateway[] = [];

function gateway(o: Partial<ConstructorParameters<typeof LegacyGateway>[0]> = {}): LegacyGateway {
  const g = new LegacyGateway({
    sdkAppId: PRACTICE!.sdkAppId,
    appKey: PRACTICE!.appKey!,
    endpoint: emu.endpoint,
    timeoutMs: 2000,
    ...o,
  });
  gateways.push(g);
  return g;
}

const verification = (phones: string[], code = '123456'): SendRequest => ({
  phones,
  templateId: '2001001',
  signName: 'SMS Desk练习',
  params: [code, '5'],
  sessionContext: '7:1',
});

let phoneSeq = 0;
const freshPhone = () => `+86137${String(10_000_000 + phoneSeq++).slice(-8)}`;

beforeAll(async () => {
  emu = await startEmulator({
    now: () => BUSINESS_START + clockOffset,
    onRequest: (r) => {
      bodies.push(JSON.parse(r.body.toString('utf8')) as Record<string, unknown>);
      urls.push(String((r.headers as Record<string, unknown>)['host']));
    },
  });
});

beforeEach(() => {
  emu.reset();
  clockOffset = 0;
  bodies = [];
  urls = [];
});

afterAll(async () => {
  for (const g of gateways) await g.closeGracefully();
  await emu.close();
});

describe('legacy gateway: sending', () => {
  it('sends one number through sendsms, with ext carrying the session context', async () => {
    const phone = freshPhone();
    const r = await gateway().sendSms(verification([phone]));
    expect(r.kind).toBe('answered');
    if (r.kind !== 'answered') return;
    expect(r.results).toHaveLength(1);
    expect(r.results[0]).toMatchObject({
      phone,
      outcome: 'sent',
      code: 'Ok',
      fee: 1,
      sessionContext: '7:1',
    });
    const sent = emu.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ phone, api: 'legacy', sessionContext: '7:1' });
    expect(r.results[0]!.serialNo).toBe(sent[0]!.serialNo);
    // The single form: one tel object, not an array; the App Key never travels.
    expect(bodies[0]!.tel).toEqual({ nationcode: '86', mobile: phone.slice(3) });
    expect(bodies[0]!.tpl_id).toBe(2001001);
    expect(JSON.stringify(bodies[0])).not.toContain(PRACTICE!.appKey!);
  });

  it('sends several numbers through sendmultisms2 and reads each number’s result', async () => {
    const a = freshPhone();
    const b = freshPhone();
    const blacklisted = '+8613900000000';
    const r = await gateway().sendSms(verification([a, blacklisted, b]));
    expect(r.kind).toBe('answered');
    if (r.kind !== 'answered') return;
    expect(r.results.map((x) => [x.phone, x.outcome, x.code])).toEqual([
      [a, 'sent', 'Ok'],
      [blacklisted, 'failed', 'FailedOperation.PhoneNumberInBlacklist'],
      [b, 'sent', 'Ok'],
    ]);
    expect(r.results[1]!.message).toContain('1015');
    expect(Array.isArray(bodies[0]!.tel)).toBe(true);
    expect(emu.sent().map((s) => s.phone)).toEqual([a, b]);
  });

  it('answers 1023 for a second send within 30 s, read as the 30-second limit; free again after', async () => {
    const phone = freshPhone();
    const g = gateway();
    expect((await g.sendSms(verification([phone]))).kind).toBe('answered');
    const again = await g.sendSms(verification([phone], '654321'));
    expect(again.kind === 'answered' && again.results[0]).toMatchObject({
      outcome: 'failed',
      code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
    });
    expect(again.kind === 'answered' && again.results[0]!.message).toMatch(/^1023 /);
    clockOffset += 30_000;
    const later = await g.sendSms(verification([phone], '654321'));
    expect(later.kind === 'answered' && later.results[0]!.outcome).toBe('sent');
    expect(emu.sent().filter((s) => s.phone === phone)).toHaveLength(2);
  });

  it('bills the same way as API 3.0: a long message costs its segments', async () => {
    const phone = freshPhone();
    const r = await gateway().sendSms({
      phones: [phone],
      templateId: '2001002',
      signName: 'SMS Desk练习',
      params: ['王小明先生女士', '全身深层保养护理', '下周三下午三点半'],
      sessionContext: '7:2',
    });
    expect(r.kind === 'answered' && r.results[0]!.outcome).toBe('sent');
    const fee = r.kind === 'answered' ? r.results[0]!.fee : 0;
    expect(fee).toBe(emu.sent()[0]!.fee);
    expect(fee).toBeGreaterThanOrEqual(1);
  });
});

describe('legacy gateway: refusals', () => {
  it('a wrong App Key is refused with the sig error, permanent, and nothing is sent', async () => {
    const r = await gateway({ appKey: 'ffffffffffffffffffffffffffffffff' }).sendSms(
      verification([freshPhone()]),
    );
    expect(r).toMatchObject({
      kind: 'failed',
      failure: 'permanent',
      code: 'InternalError.SigVerificationFail',
    });
    expect(emu.sent()).toHaveLength(0);
  });

  it('names an unknown App ID, a disabled one and an IP that is not allowed', async () => {
    const unknown = await gateway({ sdkAppId: '1400999999' }).sendSms(verification([freshPhone()]));
    expect(unknown).toMatchObject({ code: 'InvalidParameterValue.SdkAppIdNotExist' });
    const disabled = await gateway({
      sdkAppId: DISABLED!.sdkAppId,
      appKey: DISABLED!.appKey!,
    }).sendSms(verification([freshPhone()]));
    expect(disabled).toMatchObject({ code: 'UnauthorizedOperation.SdkAppIdIsDisabled' });
    const ip = await gateway({ sdkAppId: IP_LOCKED!.sdkAppId, appKey: IP_LOCKED!.appKey! }).sendSms(
      verification([freshPhone()]),
    );
    expect(ip).toMatchObject({
      kind: 'failed',
      failure: 'permanent',
      code: 'UnauthorizedOperation.RequestIpNotInWhitelist',
    });
  });

  it('a non-numeric template ID fails before anything leaves', async () => {
    const r = await gateway().sendSms({ ...verification([freshPhone()]), templateId: 'abc' });
    expect(r).toMatchObject({ kind: 'failed', failure: 'permanent' });
    expect(bodies).toHaveLength(0);
  });

  it('has no template, sign or send-record lists, and says so with its own code', async () => {
    const g = gateway();
    for (const r of [
      await g.listTemplates(false),
      await g.listSigns(false),
      await g.describeSendRecords(freshPhone(), 0, 1),
    ]) {
      expect(r).toMatchObject({ ok: false, failure: 'permanent', code: LEGACY_UNSUPPORTED });
    }
  });
});

describe('legacy gateway: transport failures keep the retry safety', () => {
  it('an unreachable endpoint is a retryable network failure, never a crash', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await gateway({ endpoint: `http://127.0.0.1:${port}` }).sendSms(
      verification([freshPhone()]),
    );
    expect(r).toMatchObject({ kind: 'failed', failure: 'retryable', code: 'Network.Refused' });
  });

  it('a hung request times out as unknown (it may have been sent)', async () => {
    emu.injectFault({ kind: 'hang' });
    const r = await gateway({ timeoutMs: 300 }).sendSms(verification([freshPhone()]));
    expect(r).toMatchObject({ kind: 'failed', failure: 'unknown', code: 'Network.Timeout' });
  });

  it('HTTP 503 is retryable; a dropped connection and a non-JSON body are unknown', async () => {
    emu.injectFault({ kind: 'http5xx' });
    expect(await gateway().sendSms(verification([freshPhone()]))).toMatchObject({
      failure: 'retryable',
      code: 'Http.5xx',
    });
    emu.injectFault({ kind: 'acceptThenDrop' });
    expect(await gateway().sendSms(verification([freshPhone()]))).toMatchObject({
      failure: 'unknown',
      code: 'Network.Reset',
    });
    emu.injectFault({ kind: 'nonJson' });
    expect(await gateway().sendSms(verification([freshPhone()]))).toMatchObject({
      failure: 'unknown',
      code: 'Network.BadResponse',
    });
  });

  it('Tencent’s own timeout (1008) leaves the number unknown', async () => {
    emu.injectFault({ kind: 'internalTimeout' });
    const r = await gateway().sendSms(verification([freshPhone()]));
    expect(r.kind === 'answered' && r.results[0]).toMatchObject({
      outcome: 'unknown',
      code: 'InternalError.Timeout',
    });
  });

  it('a request held back whose gate fails never leaves', async () => {
    const r = await gateway().sendSms(verification([freshPhone()]), {
      notBefore: Promise.reject(new Error('disk sync failed')),
    });
    expect(r).toMatchObject({ kind: 'failed', failure: 'retryable', code: 'Aborted.BeforeSend' });
    expect(bodies).toHaveLength(0);
  });
});

describe('legacy gateway: receipts by number', () => {
  it('pulls a sent number’s receipt with its sid and ext (what reconcile matches on)', async () => {
    const phone = freshPhone();
    const g = gateway();
    const r = await g.sendSms(verification([phone]));
    const serialNo = r.kind === 'answered' ? r.results[0]!.serialNo : '';
    const before = await g.pullStatusByPhone(
      phone,
      BUSINESS_START - 60_000,
      BUSINESS_START + 60_000,
    );
    expect(before).toEqual({ ok: true, value: [] });
    clockOffset += 5_000;
    const after = await g.pullStatusByPhone(
      phone,
      BUSINESS_START - 60_000,
      BUSINESS_START + 60_000,
    );
    expect(after.ok).toBe(true);
    if (!after.ok) return;
    expect(after.value).toHaveLength(1);
    expect(after.value[0]).toMatchObject({ phone, serialNo, sessionContext: '7:1' });
    expect(Math.abs(after.value[0]!.receivedAt - (BUSINESS_START + 1_500))).toBeLessThan(1_000);
    // The pull is signed without numbers: a wrong App Key is refused there too.
    const wrong = await gateway({ appKey: 'ffffffffffffffffffffffffffffffff' }).pullStatusByPhone(
      phone,
      BUSINESS_START - 60_000,
      BUSINESS_START,
    );
    expect(wrong).toMatchObject({ ok: false, code: 'InternalError.SigVerificationFail' });
  });
});
