import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { BUSINESS_T0, rejection, sdkClient, type SmsClient } from './sdk-client';

let emu: RunningEmulator;
let client: SmsClient;

beforeAll(async () => {
  emu = await startEmulator({ now: () => BUSINESS_T0 });
  client = sdkClient(emu);
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

let n = 0;
/** A fresh number per call so frequency windows never interfere with fault assertions. */
const send = (c: SmsClient = client) =>
  c.SendSms({
    SmsSdkAppId: emu.account.sdkAppId,
    TemplateId: '2001001',
    SignName: 'SMS Desk练习',
    TemplateParamSet: ['4321', '5'],
    PhoneNumberSet: [`+86138${String(n++).padStart(8, '0')}`],
  });

async function injectOverHttp(spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emu.endpoint}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(200);
}

describe('fault injection, observed through the SDK', () => {
  it('latency delays the answer', async () => {
    await injectOverHttp({ kind: 'latency', latencyMs: 300 });
    const t = performance.now();
    const r = await send();
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);
    expect(r.SendStatusSet![0]!.Code).toBe('Ok');
  });

  it('http5xx gives HTTP 503 (httpCode, no code) and records nothing', async () => {
    await injectOverHttp({ kind: 'http5xx', count: 2 });
    for (let i = 0; i < 2; i++) {
      const e = await rejection(send());
      expect(e.httpCode).toBe(503);
      expect(e.code).toBeUndefined();
    }
    expect((await send()).SendStatusSet![0]!.Code).toBe('Ok');
    expect(emu.sent()).toHaveLength(1);
  });

  it('requestLimit is a request-level RequestLimitExceeded and records nothing', async () => {
    emu.injectFault({ kind: 'requestLimit' });
    expect(await rejection(send())).toMatchObject({ code: 'RequestLimitExceeded' });
    expect(emu.sent()).toHaveLength(0);
  });

  it('internalTimeout answers InternalError.Timeout per number and records nothing', async () => {
    emu.injectFault({ kind: 'internalTimeout' });
    const r = await send();
    expect(r.SendStatusSet![0]).toMatchObject({
      Code: 'InternalError.Timeout',
      Fee: 0,
      SerialNo: '',
    });
    expect(emu.sent()).toHaveLength(0);
  });

  it('hang holds the socket until the SDK times out', async () => {
    emu.injectFault({ kind: 'hang' });
    const e = await rejection(send(sdkClient(emu, { reqTimeout: 1 })));
    expect(e.code).toBeUndefined();
    expect(String(e.message)).toMatch(/timeout/i);
    expect(emu.sent()).toHaveLength(0);
  });

  it('nonJson answers 200 with HTML, which the SDK cannot parse', async () => {
    emu.injectFault({ kind: 'nonJson' });
    const e = await rejection(send());
    expect(e.code).toBeUndefined();
    expect(e.type).toBe('invalid-json');
    const res = await fetch(emu.endpoint, {
      method: 'POST',
      headers: { 'x-tc-action': 'SendSms', 'x-tc-version': '2021-01-11' },
    });
    // The fault was used up by the SDK call: this unauthenticated request gets a JSON error.
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('acceptThenDrop records the send but cuts the connection before any byte', async () => {
    emu.injectFault({ kind: 'acceptThenDrop' });
    const e = await rejection(send());
    expect(e.code).toBeUndefined();
    expect(e.httpCode).toBeUndefined();
    expect(String(e.message)).toMatch(/socket hang up|ECONNRESET/i);
    expect(emu.sent()).toHaveLength(1);
  });

  it('a share spreads deterministically, DELETE clears, other actions are untouched', async () => {
    await injectOverHttp({ kind: 'requestLimit', share: 0.5 });
    const app = emu.account.sdkAppId;
    expect(
      (await client.PullSmsSendStatus({ Limit: 10, SmsSdkAppId: app })).PullSmsSendStatusSet,
    ).toEqual([]);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await send().then(
          () => 'ok',
          (e: { code?: string }) => e.code ?? 'other',
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'RequestLimitExceeded', 'ok', 'RequestLimitExceeded']);
    const del = await fetch(`${emu.endpoint}/__emulator/faults`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await send()).SendStatusSet![0]!.Code).toBe('Ok');
  });

  it('rejects an unknown fault kind on the control route', async () => {
    const res = await fetch(`${emu.endpoint}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'meteor' }),
    });
    expect(res.status).toBe(400);
  });
});

describe('close()', () => {
  it('ends hung sockets instead of waiting for them', async () => {
    const own = await startEmulator({ now: () => BUSINESS_T0 });
    own.injectFault({ kind: 'hang', count: 3 });
    const c = sdkClient(own, { reqTimeout: 60 });
    const calls = [1, 2, 3].map(() =>
      rejection(
        c.SendSms({
          SmsSdkAppId: own.account.sdkAppId,
          TemplateId: '2001001',
          SignName: 'SMS Desk练习',
          TemplateParamSet: ['1', '5'],
          PhoneNumberSet: ['+8613800138000'],
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    // Hung sockets never answer: close() returning at all proves it cut them.
    await own.close();
    for (const e of await Promise.all(calls)) expect(e.code).toBeUndefined();
  });
});
