import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';
import type { SendRequest } from '../../../../../src/main/core/gateway/types';

// 2026-01-05 10:00 Beijing time: inside marketing hours, far from any day boundary.
const BUSINESS_START = Date.UTC(2026, 0, 5, 2, 0, 0);

let emu: RunningEmulator;
let clockOffset = 0;
/** Headers of each API request as it reaches the emulator. */
let arrivals: Record<string, unknown>[] = [];
const gateways: TencentGateway[] = [];

function gateway(overrides: Partial<ConstructorParameters<typeof TencentGateway>[0]> = {}) {
  const g = new TencentGateway({
    ...emu.account,
    endpoint: emu.endpoint,
    timeoutMs: 3000,
    ...overrides,
  });
  gateways.push(g);
  return g;
}

const verification = (phones: string[], code = '123456'): SendRequest => ({
  phones,
  templateId: '2001001',
  signName: 'SMS Desk练习',
  params: [code, '5'],
  sessionContext: 'job-1:row-1',
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const nextBeijingMidnight = (utcMs: number): number =>
  (Math.floor((utcMs + 8 * HOUR) / DAY) + 1) * DAY - 8 * HOUR;

let phoneSeq = 0;
/** A fresh number per test so frequency windows never leak between tests. */
const freshPhone = () => `+86138${String(10_000_000 + phoneSeq++).slice(-8)}`;

beforeAll(async () => {
  emu = await startEmulator({
    now: () => BUSINESS_START + clockOffset,
    onRequest: (r) => arrivals.push({ ...r.headers }),
  });
});

beforeEach(() => {
  emu.reset();
  arrivals = [];
});

afterAll(async () => {
  for (const g of gateways) await g.closeGracefully();
  await emu.close();
});

describe('SendSms through the real SDK against the emulator', () => {
  it('sends and reports per-number success with serial, fee and session context', async () => {
    const phones = [freshPhone(), freshPhone()];
    const r = await gateway().sendSms(verification(phones));
    expect(r.kind).toBe('answered');
    if (r.kind !== 'answered') return;
    expect(r.requestId).not.toBe('');
    expect(r.results).toHaveLength(2);
    for (const [i, n] of r.results.entries()) {
      expect(n).toMatchObject({ phone: phones[i], outcome: 'sent', code: 'Ok' });
      expect(n.serialNo).not.toBe('');
      expect(n.fee).toBe(1);
      expect(n.sessionContext).toBe('job-1:row-1');
    }
    expect(emu.sent().map((s) => s.phone)).toEqual(phones);
  });

  it('ignores an inherited http_proxy (the SDK would otherwise route loopback through it)', async () => {
    const saved = process.env.http_proxy;
    process.env.http_proxy = 'http://127.0.0.1:9';
    try {
      const r = await gateway().sendSms(verification([freshPhone()]));
      expect(r.kind === 'answered' && r.results[0]?.outcome).toBe('sent');
    } finally {
      if (saved === undefined) delete process.env.http_proxy;
      else process.env.http_proxy = saved;
    }
  });

  it('matches results to numbers given in short mainland form', async () => {
    const e164 = freshPhone();
    const short = e164.slice(3);
    const r = await gateway().sendSms(verification([short]));
    expect(r.kind === 'answered' && r.results[0]).toMatchObject({ phone: short, outcome: 'sent' });
  });

  it('a wrong SecretKey is permanent and never echoed', async () => {
    const secretKey = 'WrongKeyWrongKeyWrongKeyWrongKey';
    const r = await gateway({ secretKey }).sendSms(verification([freshPhone()]));
    expect(r).toMatchObject({
      kind: 'failed',
      failure: 'permanent',
      code: 'AuthFailure.SignatureFailure',
    });
    expect(JSON.stringify(r)).not.toContain(secretKey);
    expect(emu.sent()).toHaveLength(0);
  });

  it('registers the key with the logger and never logs it', async () => {
    const lines: string[] = [];
    const secrets: string[] = [];
    const logger = {
      info: (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f)),
      warn: (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f)),
      error: (m: string, f?: Record<string, unknown>) => lines.push(m + JSON.stringify(f)),
      addSecret: (s: string) => secrets.push(s),
    };
    const secretKey = 'LoggedKeyLoggedKeyLoggedKey00000';
    await gateway({ secretKey, logger }).sendSms(verification([freshPhone()]));
    expect(secrets).toEqual([secretKey]);
    expect(lines.some((l) => l.includes('AuthFailure.SignatureFailure'))).toBe(true);
    expect(lines.join('\n')).not.toContain(secretKey);
  });

  it('an unknown SecretId is permanent', async () => {
    const r = await gateway({ secretId: 'AKIDnotKnownAtAll0000000000000000000' }).sendSms(
      verification([freshPhone()]),
    );
    expect(r).toMatchObject({
      kind: 'failed',
      failure: 'permanent',
      code: 'AuthFailure.SecretIdNotFound',
    });
  });

  it('an unknown app is permanent', async () => {
    const r = await gateway({ sdkAppId: '1400999999' }).sendSms(verification([freshPhone()]));
    expect(r).toMatchObject({ kind: 'failed', failure: 'permanent' });
    if (r.kind === 'failed') {
      expect([
        'InvalidParameterValue.SdkAppIdNotExist',
        'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
      ]).toContain(r.code);
    }
  });

  it('more than 200 numbers is permanent and sends nothing', async () => {
    const phones = Array.from({ length: 201 }, () => freshPhone());
    const r = await gateway().sendSms(verification(phones));
    expect(r).toMatchObject({
      kind: 'failed',
      failure: 'permanent',
      code: 'LimitExceeded.PhoneNumberCountLimit',
    });
    expect(emu.sent()).toHaveLength(0);
  });

  it('per-number rules come back as failed numbers with their codes', async () => {
    const g = gateway();
    const ok = freshPhone();
    const r = await g.sendSms(verification([ok, '+8612', '+8613900000000']));
    expect(r.kind).toBe('answered');
    if (r.kind !== 'answered') return;
    expect(r.results.map((n) => [n.outcome, n.code])).toEqual([
      ['sent', 'Ok'],
      ['failed', 'InvalidParameterValue.IncorrectPhoneNumber'],
      ['failed', 'FailedOperation.PhoneNumberInBlacklist'],
    ]);
    expect(r.results[1]).toMatchObject({ serialNo: '', fee: 0 });

    const again = await g.sendSms(verification([ok]));
    expect(again.kind === 'answered' && again.results[0]).toMatchObject({
      outcome: 'failed',
      code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
    });

    const badCode = await g.sendSms(verification([freshPhone()], '12ab'));
    expect(badCode.kind === 'answered' && badCode.results[0]).toMatchObject({
      outcome: 'failed',
      code: 'InvalidParameterValue.TemplateParameterFormatError',
    });

    const wrongCount = await g.sendSms({ ...verification([freshPhone()]), params: ['1234'] });
    expect(wrongCount.kind === 'answered' && wrongCount.results[0]).toMatchObject({
      outcome: 'failed',
      code: 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
    });

    const unapprovedSign = await g.sendSms({
      ...verification([freshPhone()]),
      signName: '新店审核中',
    });
    expect(unapprovedSign.kind === 'answered' && unapprovedSign.results[0]).toMatchObject({
      outcome: 'failed',
      code: 'FailedOperation.SignatureIncorrectOrUnapproved',
    });
    expect(emu.sent()).toHaveLength(1);
  });
});

describe('frequency windows and hours (emulator clock)', () => {
  it('30-second, one-hour and daily limits come back per number and lift with time', async () => {
    const g = gateway();
    const phone = freshPhone();
    const codeOf = async () => {
      const r = await g.sendSms(verification([phone]));
      return r.kind === 'answered' ? r.results[0]?.code : r.code;
    };
    expect(await codeOf()).toBe('Ok');
    expect(await codeOf()).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
    for (let i = 0; i < 4; i++) {
      clockOffset += 31_000;
      expect(await codeOf()).toBe('Ok');
    }
    clockOffset += 31_000;
    expect(await codeOf()).toBe('LimitExceeded.PhoneNumberOneHourLimit');
    // Five more within the day, an hour apart: ten in total.
    for (let i = 0; i < 5; i++) {
      clockOffset += 3_600_000;
      expect(await codeOf()).toBe('Ok');
    }
    clockOffset += 3_600_000;
    expect(await codeOf()).toBe('LimitExceeded.PhoneNumberDailyLimit');
    // Still blocked a minute before midnight Beijing time, free again just after it.
    const nextMidnight = nextBeijingMidnight(BUSINESS_START + clockOffset);
    clockOffset = nextMidnight - BUSINESS_START - 60_000;
    expect(await codeOf()).toBe('LimitExceeded.PhoneNumberDailyLimit');
    clockOffset += 120_000;
    expect(await codeOf()).toBe('Ok');
  });

  it('marketing outside 08:00–22:00 Beijing time fails per number', async () => {
    const now = BUSINESS_START + clockOffset;
    const beijingHour = new Date(now + 8 * 3_600_000).getUTCHours();
    // Move to 23:00 Beijing time.
    clockOffset += ((23 - beijingHour + 24) % 24) * 3_600_000;
    const r = await gateway().sendSms({
      phones: [freshPhone()],
      templateId: '2001004',
      signName: 'SMS Desk练习',
      params: ['周三'],
    });
    expect(r.kind === 'answered' && r.results[0]).toMatchObject({
      outcome: 'failed',
      code: 'FailedOperation.MarketingSendTimeConstraint',
    });
    // Back into the day for the tests that follow.
    clockOffset += 11 * 3_600_000;
  });
});

describe('faults are classified by what may have been sent', () => {
  it('latency within the timeout still sends', async () => {
    emu.injectFault({ kind: 'latency', latencyMs: 200 });
    const r = await gateway().sendSms(verification([freshPhone()]));
    expect(r.kind === 'answered' && r.results[0]?.outcome).toBe('sent');
  });

  it('HTTP 503: nothing processed, retryable', async () => {
    emu.injectFault({ kind: 'http5xx' });
    const r = await gateway().sendSms(verification([freshPhone()]));
    expect(r).toMatchObject({ kind: 'failed', failure: 'retryable', code: 'Http.5xx' });
    expect(emu.sent()).toHaveLength(0);
  });

  it('RequestLimitExceeded: retryable', async () => {
    emu.injectFault({ kind: 'requestLimit' });
    const r = await gateway().sendSms(verification([freshPhone()]));
    expect(r).toMatchObject({ kind: 'failed', failure: 'retryable', code: 'RequestLimitExceeded' });
    expect(r.kind === 'failed' && r.requestId).toBeTruthy();
    expect(emu.sent()).toHaveLength(0);
  });

  it('InternalError.Timeout per number: unknown', async () => {
    emu.injectFault({ kind: 'internalTimeout' });
    const r = await gateway().sendSms(verification([freshPhone()]));
    expect(r.kind === 'answered' && r.results[0]).toMatchObject({
      outcome: 'unknown',
      code: 'InternalError.Timeout',
    });
  });

  it('a hung socket: unknown after the timeout', async () => {
    emu.injectFault({ kind: 'hang' });
    const r = await gateway({ timeoutMs: 300 }).sendSms(verification([freshPhone()]));
    expect(r).toMatchObject({ kind: 'failed', failure: 'unknown', code: 'Network.Timeout' });
  });

  it('a non-JSON 200 body: unknown', async () => {
    emu.injectFault({ kind: 'nonJson' });
    const r = await gateway().sendSms(verification([freshPhone()]));
    expect(r).toMatchObject({ kind: 'failed', failure: 'unknown', code: 'Network.BadResponse' });
  });

  it('accept-then-drop: unknown, never failed or sent, though the emulator sent it', async () => {
    emu.injectFault({ kind: 'acceptThenDrop' });
    const phone = freshPhone();
    const r = await gateway().sendSms(verification([phone]));
    expect(r).toMatchObject({ kind: 'failed', failure: 'unknown', code: 'Network.Reset' });
    expect(emu.sent().map((s) => s.phone)).toEqual([phone]);
  });

  it('connection refused on a closed port: retryable', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await gateway({ endpoint: `http://127.0.0.1:${port}` }).sendSms(
      verification([freshPhone()]),
    );
    expect(r).toMatchObject({ kind: 'failed', failure: 'retryable', code: 'Network.Refused' });
  });

  it('cancelling in flight is unknown; cancelling before sending is retryable', async () => {
    const g = gateway();
    emu.injectFault({ kind: 'latency', latencyMs: 1000 });
    const ac = new AbortController();
    const p = g.sendSms(verification([freshPhone()]), { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    expect(await p).toMatchObject({ kind: 'failed', failure: 'unknown', code: 'Aborted' });

    const pre = new AbortController();
    pre.abort();
    expect(await g.sendSms(verification([freshPhone()]), { signal: pre.signal })).toMatchObject({
      kind: 'failed',
      failure: 'retryable',
      code: 'Aborted.BeforeSend',
    });
  });
});

describe('other actions', () => {
  it('lists signs and templates with review status', async () => {
    const g = gateway();
    const signs = await g.listSigns(false);
    expect(signs.ok).toBe(true);
    if (!signs.ok) return;
    expect(signs.value.map((s) => [s.signName, s.status])).toEqual(
      expect.arrayContaining([
        ['SMS Desk练习', 'approved'],
        ['新店审核中', 'reviewing'],
      ]),
    );
    const templates = await g.listTemplates(false);
    expect(templates.ok).toBe(true);
    if (!templates.ok) return;
    const byId = new Map(templates.value.map((t) => [t.templateId, t]));
    expect(byId.get('2001001')).toMatchObject({ status: 'approved', international: false });
    expect(byId.get('2001001')?.content).toContain('{1}');
    expect(byId.get('2001005')?.status).toBe('rejected');
    expect(byId.get('2001001')?.createdAt).toBe(1767225600 * 1000);
  });

  it('pulls receipts and send records for a number', async () => {
    const g = gateway();
    const phone = freshPhone();
    const sent = await g.sendSms(verification([phone]));
    const serialNo = sent.kind === 'answered' ? sent.results[0]?.serialNo : undefined;
    expect(serialNo).toBeTruthy();
    clockOffset += 60_000;
    const now = BUSINESS_START + clockOffset;
    const receipts = await g.pullStatusByPhone(phone, now - 3_600_000, now);
    expect(receipts.ok).toBe(true);
    if (receipts.ok) {
      expect(receipts.value).toHaveLength(1);
      expect(receipts.value[0]).toMatchObject({ phone, serialNo, sessionContext: 'job-1:row-1' });
      expect(['SUCCESS', 'FAIL']).toContain(receipts.value[0]?.reportStatus);
    }
    const records = await g.describeSendRecords(phone, now - 3_600_000, now);
    expect(records.ok).toBe(true);
    if (records.ok) {
      expect(records.value[0]).toMatchObject({ phone, serialNo, requestCode: 'Ok' });
      expect(records.value[0]?.sentAt).toBeGreaterThan(0);
    }
  });

  it('list calls classify failures too', async () => {
    const r = await gateway({ secretKey: 'AnotherWrongKeyAnotherWrongKey00' }).listTemplates(false);
    expect(r).toMatchObject({
      ok: false,
      failure: 'permanent',
      code: 'AuthFailure.SignatureFailure',
    });
  });
});

describe('holding a request back until its journal record is on disk (notBefore)', () => {
  const settle = () => new Promise((r) => setTimeout(r, 100));

  it('prepares the request at once, sends it only when the promise resolves, and never sends the gate header', async () => {
    const gw = gateway();
    let open!: () => void;
    const notBefore = new Promise<void>((r) => (open = r));
    const phone = freshPhone();
    const pending = gw.sendSms(verification([phone]), { notBefore });
    await settle();
    expect(arrivals).toHaveLength(0);
    expect(emu.sent()).toHaveLength(0);
    open();
    const r = await pending;
    expect(r.kind).toBe('answered');
    expect(emu.sent().map((s) => s.phone)).toEqual([phone]);
    expect(arrivals).toHaveLength(1);
    expect(Object.keys(arrivals[0]!).filter((h) => h.startsWith('x-sms-desk'))).toEqual([]);
  });

  it('sends nothing when the promise rejects: retryable, nothing left; the pool still works', async () => {
    const gw = gateway();
    let fail!: (e: Error) => void;
    const notBefore = new Promise<void>((_, rej) => (fail = rej));
    const pending = gw.sendSms(verification([freshPhone()]), { notBefore });
    await settle();
    fail(new Error('disk full'));
    expect(await pending).toMatchObject({
      kind: 'failed',
      failure: 'retryable',
      code: 'Aborted.BeforeSend',
    });
    await settle();
    expect(arrivals).toHaveLength(0);
    expect(emu.sent()).toHaveLength(0);
    expect((await gw.sendSms(verification([freshPhone()]))).kind).toBe('answered');
  });

  it('a request cancelled while held never leaves, and says so', async () => {
    const gw = gateway();
    const ac = new AbortController();
    let open!: () => void;
    const notBefore = new Promise<void>((r) => (open = r));
    const pending = gw.sendSms(verification([freshPhone()]), { signal: ac.signal, notBefore });
    await settle();
    ac.abort();
    const r = await pending;
    open();
    await settle();
    expect(r).toMatchObject({ kind: 'failed', failure: 'retryable', code: 'Aborted.BeforeSend' });
    expect(arrivals).toHaveLength(0);
    expect(emu.sent()).toHaveLength(0);
  });
});
