import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultProfile,
  startEmulator,
  tc3Sign,
  type RunningEmulator,
} from '../../../../../src/main/core/emulator';
import { BUSINESS_T0, rejection, sdkClient, type SmsClient } from './sdk-client';

let emu: RunningEmulator;
let client: SmsClient;

const SIGN = 'SMS Desk练习';
const base = () => ({
  SmsSdkAppId: emu.account.sdkAppId,
  TemplateId: '2001001',
  SignName: SIGN,
  TemplateParamSet: ['123456', '5'],
});

beforeAll(async () => {
  emu = await startEmulator({ now: () => BUSINESS_T0 });
  client = sdkClient(emu);
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

async function codesFor(req: Record<string, unknown>): Promise<string[]> {
  const r = await client.SendSms({ ...base(), PhoneNumberSet: ['+8613800138000'], ...req });
  return (r.SendStatusSet ?? []).map((s) => s.Code ?? '');
}

describe('SendSms through the real SDK', () => {
  it('sends, echoes SessionContext and records the send', async () => {
    const r = await client.SendSms({
      ...base(),
      PhoneNumberSet: ['13800138000', '+8613800138001'],
      SessionContext: 'job-7',
    });
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.SendStatusSet).toHaveLength(2);
    expect(r.SendStatusSet![0]).toMatchObject({
      PhoneNumber: '+8613800138000',
      Code: 'Ok',
      Fee: 1,
      SessionContext: 'job-7',
      IsoCode: 'CN',
    });
    expect(r.SendStatusSet![0]!.SerialNo).toMatch(/^2433:\d+$/);
    const sent = emu.sent();
    expect(sent.map((s) => s.phone)).toEqual(['+8613800138000', '+8613800138001']);
    expect(sent[0]).toMatchObject({
      templateId: '2001001',
      sign: SIGN,
      params: ['123456', '5'],
      at: BUSINESS_T0,
      fee: 1,
    });
    const overHttp = (await (await fetch(`${emu.endpoint}/__emulator/sent`)).json()) as unknown[];
    expect(overHttp).toEqual(sent);
  });

  it('also verifies the production scope (service sms, host without port) via a lookup agent', async () => {
    const agent = new http.Agent({
      lookup: ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
        o && o.all
          ? cb(null, [{ address: '127.0.0.1', family: 4 }])
          : cb(null, '127.0.0.1', 4)) as never,
    });
    const c = sdkClient(emu, { endpoint: `sms.tencentcloudapi.com:${emu.port}`, agent });
    const r = await c.SendSms({ ...base(), PhoneNumberSet: ['+8613800138000'] });
    expect(r.SendStatusSet![0]!.Code).toBe('Ok');
  });

  it('rejects a wrong key, an unknown key, a disabled key and an IP-restricted key', async () => {
    const send = (c: SmsClient) => c.SendSms({ ...base(), PhoneNumberSet: ['+8613800138000'] });
    expect(await rejection(send(sdkClient(emu, { secretKey: 'wrong-key' })))).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
    expect(await rejection(send(sdkClient(emu, { secretId: 'AKIDunknown' })))).toMatchObject({
      code: 'AuthFailure.SecretIdNotFound',
    });
    const disabled = defaultProfile.accounts.find((a) => a.disabled)!;
    expect(
      await rejection(
        send(sdkClient(emu, { secretId: disabled.secretId, secretKey: disabled.secretKey })),
      ),
    ).toMatchObject({ code: 'AuthFailure.SecretIdNotFound' });
    const locked = defaultProfile.accounts.find((a) => a.ipNotInWhitelist)!;
    expect(
      await rejection(
        send(sdkClient(emu, { secretId: locked.secretId, secretKey: locked.secretKey })),
      ),
    ).toMatchObject({ code: 'UnauthorizedOperation.RequestIpNotInWhitelist' });
    expect(emu.sent()).toHaveLength(0);
  });

  it('rejects an unknown app and another account’s app', async () => {
    const e1 = await rejection(
      client.SendSms({ ...base(), SmsSdkAppId: '1409999999', PhoneNumberSet: ['+8613800138000'] }),
    );
    expect(e1).toMatchObject({ code: 'InvalidParameterValue.SdkAppIdNotExist' });
    expect(e1.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const e2 = await rejection(
      client.SendSms({ ...base(), SmsSdkAppId: '1400000002', PhoneNumberSet: ['+8613800138000'] }),
    );
    expect(e2).toMatchObject({ code: 'UnauthorizedOperation.SmsSdkAppIdVerifyFail' });
  });

  it('applies the request-level rules', async () => {
    const many = Array.from({ length: 201 }, (_, i) => `+86138${String(i).padStart(8, '0')}`);
    expect(await rejection(client.SendSms({ ...base(), PhoneNumberSet: many }))).toMatchObject({
      code: 'LimitExceeded.PhoneNumberCountLimit',
    });
    expect(await rejection(client.SendSms({ ...base(), PhoneNumberSet: [] }))).toMatchObject({
      code: 'MissingParameter.EmptyPhoneNumberSet',
    });
    expect(
      await rejection(
        client.SendSms({ ...base(), PhoneNumberSet: ['+8613800138000', '+447911123456'] }),
      ),
    ).toMatchObject({ code: 'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber' });
    const { SignName: _s, ...noSign } = base();
    expect(
      await rejection(client.SendSms({ ...noSign, PhoneNumberSet: ['+8613800138000'] })),
    ).toMatchObject({
      code: 'MissingParameter',
    });
    expect(emu.sent()).toHaveLength(0);
  });

  it.each([
    [{ PhoneNumberSet: ['+861380013800'] }, 'InvalidParameterValue.IncorrectPhoneNumber'],
    [{ TemplateId: '7777777' }, 'FailedOperation.TemplateUnapprovedOrNotExist'],
    [
      { TemplateId: '2001005', TemplateParamSet: [] },
      'FailedOperation.TemplateIncorrectOrUnapproved',
    ],
    [{ TemplateParamSet: ['123456'] }, 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate'],
    [{ TemplateParamSet: ['abc', '5'] }, 'InvalidParameterValue.TemplateParameterFormatError'],
    [
      {
        TemplateId: '2001003',
        TemplateParamSet: ['幸福小区东门菜鸟驿站一号柜', '8-2-1103', '今晚八点'],
      },
      'InvalidParameterValue.TemplateParameterLengthLimit',
    ],
    [
      { TemplateId: '2001003', TemplateParamSet: ['www.evil.cn', '8-2-1103', '今晚八点'] },
      'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter',
    ],
    [{ SignName: '新店审核中' }, 'FailedOperation.SignatureIncorrectOrUnapproved'],
    [{ PhoneNumberSet: ['+8613900000000'] }, 'FailedOperation.PhoneNumberInBlacklist'],
  ])('per-number rule %o → %s', async (req, code) => {
    expect(await codesFor(req)).toEqual([code]);
    expect(emu.sent()).toHaveLength(0);
  });

  it('refuses marketing outside 08:00–22:00 Beijing time (business clock)', async () => {
    const mk = { TemplateId: '2001004', TemplateParamSet: ['周五'] };
    expect(await codesFor(mk)).toEqual(['Ok']);
    emu.shiftClock(12 * 3_600_000 + 30_000); // 22:00:30 Beijing
    expect(await codesFor({ ...mk, PhoneNumberSet: ['+8613800138009'] })).toEqual([
      'FailedOperation.MarketingSendTimeConstraint',
    ]);
  });

  it('stops at an exhausted package', async () => {
    const small = await startEmulator({
      now: () => BUSINESS_T0,
      profile: {
        ...defaultProfile,
        packages: [
          {
            packageId: 9,
            packageType: 1,
            amount: 1,
            used: 0,
            createTime: 0,
            effectiveTime: 0,
            expiredTime: 4e9,
          },
        ],
      },
    });
    try {
      const r = await sdkClient(small).SendSms({
        ...base(),
        SmsSdkAppId: small.account.sdkAppId,
        PhoneNumberSet: ['+8613800138000', '+8613800138001'],
      });
      expect(r.SendStatusSet!.map((s) => s.Code)).toEqual([
        'Ok',
        'FailedOperation.InsufficientBalanceInSmsPackage',
      ]);
    } finally {
      await small.close();
    }
  });
});

describe('frequency windows with the business clock', () => {
  const one = async () => (await codesFor({}))[0];

  it('30 seconds', async () => {
    expect(await one()).toBe('Ok');
    emu.shiftClock(29_000);
    expect(await one()).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
    emu.shiftClock(1_000);
    expect(await one()).toBe('Ok');
  });

  it('one hour', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await one()).toBe('Ok');
      emu.shiftClock(31_000);
    }
    expect(await one()).toBe('LimitExceeded.PhoneNumberOneHourLimit');
    emu.shiftClock(3_600_000 - 5 * 31_000);
    expect(await one()).toBe('Ok');
  });

  it('calendar day (Asia/Shanghai), shifted over the control route', async () => {
    const shift = async (ms: number) => {
      const res = await fetch(`${emu.endpoint}/__emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ shiftMs: ms }),
      });
      expect(res.status).toBe(200);
    };
    for (let i = 0; i < 10; i++) {
      expect(await one()).toBe('Ok');
      await shift(61 * 60_000);
    }
    // 10:00 + 10 × 61 min = 20:10 Beijing; an hour later is still the same day.
    await shift(60 * 60_000);
    expect(await one()).toBe('LimitExceeded.PhoneNumberDailyLimit');
    await shift(3 * 3_600_000); // past Beijing midnight
    expect(await one()).toBe('Ok');
  });
});

describe('other actions', () => {
  it('lists signs and templates with paging; personal accounts are refused', async () => {
    const signs = await client.DescribeSmsSignList({ International: 0, Limit: 2, Offset: 1 });
    expect(signs.DescribeSignListStatusSet!.map((s) => s.SignName)).toEqual([
      '示例小店',
      '新店审核中',
    ]);
    expect(signs.DescribeSignListStatusSet![1]).toMatchObject({ StatusCode: 1, International: 0 });
    const tpl = await client.DescribeSmsTemplateList({ International: 0, Limit: 100, Offset: 0 });
    expect(tpl.DescribeTemplateStatusSet).toHaveLength(5);
    expect(tpl.DescribeTemplateStatusSet![0]).toMatchObject({
      TemplateId: 2001001,
      StatusCode: 0,
      International: 0,
    });
    const rejected = tpl.DescribeTemplateStatusSet!.find((t) => t.StatusCode === -1)!;
    expect(rejected.ReviewReply).not.toBe('');
    const byId = await client.DescribeSmsTemplateList({
      International: 0,
      TemplateIdSet: [2001004],
    });
    expect(byId.DescribeTemplateStatusSet![0]!.TemplateContent).toMatch(/拒收请回复R$/);
    expect(
      await rejection(client.DescribeSmsTemplateList({ International: 0, Limit: 101 })),
    ).toMatchObject({
      code: 'InvalidParameterValue.LimitVerifyFail',
    });
    const personal = defaultProfile.accounts.find((a) => a.accountType === 'personal')!;
    const pc = sdkClient(emu, { secretId: personal.secretId, secretKey: personal.secretKey });
    expect(await rejection(pc.DescribeSmsSignList({ International: 0, Limit: 10 }))).toMatchObject({
      code: 'FailedOperation.NotEnterpriseCertification',
    });
  });

  it('delivers receipts after the delay, once each in queue mode, and by number', async () => {
    await client.SendSms({
      ...base(),
      PhoneNumberSet: ['+8613800138000', '+8613800138001'],
      SessionContext: 's1',
    });
    const app = emu.account.sdkAppId;
    expect(
      (await client.PullSmsSendStatus({ Limit: 100, SmsSdkAppId: app })).PullSmsSendStatusSet,
    ).toEqual([]);
    emu.shiftClock(2_000);
    const pulled = await client.PullSmsSendStatus({ Limit: 100, SmsSdkAppId: app });
    expect(pulled.PullSmsSendStatusSet).toHaveLength(2);
    expect(pulled.PullSmsSendStatusSet![0]).toMatchObject({
      CountryCode: '86',
      SubscriberNumber: '13800138000',
      PhoneNumber: '+8613800138000',
      SerialNo: emu.sent()[0]!.serialNo,
      ReportStatus: 'SUCCESS',
      Description: 'DELIVRD',
      SessionContext: 's1',
    });
    expect(
      (await client.PullSmsSendStatus({ Limit: 100, SmsSdkAppId: app })).PullSmsSendStatusSet,
    ).toEqual([]);
    const begin = Math.floor(BUSINESS_T0 / 1000) - 60;
    const byNumber = await client.PullSmsSendStatusByPhoneNumber({
      BeginTime: begin,
      Offset: 0,
      Limit: 10,
      PhoneNumber: '13800138001',
      SmsSdkAppId: app,
    });
    expect(byNumber.PullSmsSendStatusSet!.map((s) => s.PhoneNumber)).toEqual(['+8613800138001']);
    const tooOld = client.PullSmsSendStatusByPhoneNumber({
      BeginTime: begin - 8 * 86_400,
      Offset: 0,
      Limit: 10,
      PhoneNumber: '13800138001',
      SmsSdkAppId: app,
    });
    expect(await rejection(tooOld)).toMatchObject({
      code: 'InvalidParameterValue.BeginTimeVerifyFail',
    });
    const replies = await client.PullSmsReplyStatusByPhoneNumber({
      BeginTime: begin,
      Offset: 0,
      Limit: 10,
      PhoneNumber: '13800138001',
      SmsSdkAppId: app,
    });
    expect(replies.PullSmsReplyStatusSet).toEqual([]);
  });

  it('lists send records with their status and masked content (72 h max)', async () => {
    await client.SendSms({ ...base(), PhoneNumberSet: ['+8613800138000'] });
    const app = emu.account.sdkAppId;
    const begin = Math.floor(BUSINESS_T0 / 1000) - 3600;
    const req = {
      PhoneNumber: '+8613800138000',
      SmsSdkAppId: app,
      BeginTime: begin,
      Limit: 20,
      Offset: 0,
    };
    const sending = await client.DescribeSendRecordList(req);
    expect(sending.TotalCount).toBe(1);
    expect(sending.SendRecordSet![0]).toMatchObject({
      SendStatus: 3,
      RequestCode: 'Ok',
      IsoCode: 'CN',
      UserReceiveTime: 0,
    });
    expect(sending.SendRecordSet![0]!.Content).toBe(
      '【SMS Desk练习】您的验证码是******，*分钟内有效，如非本人操作请忽略本短信。',
    );
    emu.shiftClock(5_000);
    const done = await client.DescribeSendRecordList(req);
    expect(done.SendRecordSet![0]).toMatchObject({ SendStatus: 2, StatusCode: 'DELIVRD' });
    expect(
      await rejection(client.DescribeSendRecordList({ ...req, BeginTime: begin - 72 * 3600 })),
    ).toMatchObject({ code: 'InvalidParameterValue.BeginTimeVerifyFail' });
  });

  it('reports package usage and send statistics', async () => {
    await client.SendSms({ ...base(), PhoneNumberSet: ['+8613800138000', '+8613900000000'] });
    const app = emu.account.sdkAppId;
    const pk = await client.SmsPackagesStatistics({
      SmsSdkAppId: app,
      Limit: 10,
      Offset: 0,
      BeginTime: '2020010100',
      EndTime: '2026112710',
    });
    expect(pk.SmsPackagesStatisticsSet![0]).toMatchObject({
      PackageId: 800001,
      PackageAmount: 1000,
      CurrentUsage: 1,
    });
    const st = await client.SendStatusStatistics({
      SmsSdkAppId: app,
      Limit: 0,
      Offset: 0,
      BeginTime: '2026112700',
      EndTime: '2026112710',
    });
    expect(st.SendStatusStatistics).toEqual({
      FeeCount: 1,
      RequestCount: 2,
      RequestSuccessCount: 1,
    });
  });

  it('answers InvalidAction for an unknown action, echoing the trace id', async () => {
    const e = await rejection(client.request('DescribeNothing', {}));
    expect(e).toMatchObject({ code: 'InvalidAction' });
    expect(e.traceId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('raw HTTP', () => {
  it('answers SignatureExpire against the real clock and NoSuchVersion', async () => {
    const body = JSON.stringify({ International: 0, Limit: 10 });
    const post = (ts: number, version: string) => {
      const host = `127.0.0.1:${emu.port}`;
      const { authorization } = tc3Sign({
        secretId: emu.account.secretId,
        secretKey: emu.account.secretKey,
        service: 'sms',
        timestamp: ts,
        headers: { 'content-type': 'application/json', host },
        body,
      });
      return fetch(`${emu.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization,
          'x-tc-action': 'DescribeSmsSignList',
          'x-tc-version': version,
          'x-tc-timestamp': String(ts),
          'x-tc-region': 'ap-guangzhou',
        },
        body,
      }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as {
          Response: { Error?: { Code: string }; RequestId: string } & Record<string, unknown>;
        },
      }));
    };
    const nowS = Math.floor(Date.now() / 1000);
    const ok = await post(nowS, '2021-01-11');
    expect(ok.status).toBe(200);
    expect(ok.json.Response.DescribeSignListStatusSet).toHaveLength(3);
    const old = await post(nowS - 400, '2021-01-11');
    expect(old.status).toBe(200);
    expect(old.json.Response.Error?.Code).toBe('AuthFailure.SignatureExpire');
    expect(old.json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    // Shifting the business clock must not make a fresh signature "expired".
    emu.shiftClock(3 * 86_400_000);
    expect((await post(nowS, '2021-01-11')).json.Response.Error).toBeUndefined();
    expect((await post(nowS, '2019-07-11')).json.Response.Error?.Code).toBe('NoSuchVersion');
  });

  it('answers InvalidAuthorization for a malformed Authorization header', async () => {
    const res = await fetch(`${emu.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'TC3-HMAC-SHA256 Credential=broken',
        'x-tc-action': 'SendSms',
        'x-tc-version': '2021-01-11',
        'x-tc-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-tc-region': 'ap-guangzhou',
        'x-tc-traceid': 'trace-123',
      },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-tc-traceid')).toBe('trace-123');
    const json = (await res.json()) as { Response: { Error?: { Code: string } } };
    expect(json.Response.Error?.Code).toBe('AuthFailure.InvalidAuthorization');
  });

  it('reset clears sends and the clock shift', async () => {
    await client.SendSms({ ...base(), PhoneNumberSet: ['+8613800138000'] });
    emu.shiftClock(5000);
    const res = await fetch(`${emu.endpoint}/__emulator/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(emu.sent()).toEqual([]);
    const clock = (await (await fetch(`${emu.endpoint}/__emulator/clock`)).json()) as {
      now: number;
    };
    expect(clock.now).toBe(BUSINESS_T0);
  });
});

describe('receipt options', () => {
  it('honours receiptDelayMs and receiptFailShare overrides', async () => {
    const own = await startEmulator({
      now: () => BUSINESS_T0,
      receiptDelayMs: 0,
      receiptFailShare: 0.5,
    });
    try {
      const c = sdkClient(own);
      await c.SendSms({
        ...base(),
        SmsSdkAppId: own.account.sdkAppId,
        PhoneNumberSet: ['+8613800138000', '+8613800138001', '+8613800138002', '+8613800138003'],
      });
      const r = await c.PullSmsSendStatus({ Limit: 100, SmsSdkAppId: own.account.sdkAppId });
      expect(r.PullSmsSendStatusSet!.map((x) => x.ReportStatus)).toEqual([
        'SUCCESS',
        'FAIL',
        'SUCCESS',
        'FAIL',
      ]);
      expect(r.PullSmsSendStatusSet![1]!.Description).toBe('UNDELIV');
    } finally {
      await own.close();
    }
  });
});
