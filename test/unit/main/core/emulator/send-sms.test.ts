import { beforeEach, describe, expect, it } from 'vitest';
import { defaultProfile, parseProfile } from '../../../../../src/main/core/emulator/profile';
import { sendSms, type SendStatusEntry } from '../../../../../src/main/core/emulator/send-sms';
import { EmulatorState, shanghaiDayStart } from '../../../../../src/main/core/emulator/state';

// 10:00 Beijing time on 2026-11-27.
const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);
const account = defaultProfile.accounts[0]!;
const APP = account.sdkAppId;
const SIGN = 'SMS Desk练习';
const VERIFY = '2001001';
const REMIND = '2001002';
const MARKETING = '2001004';
const REJECTED = '2001005';

let t = T0;
let state: EmulatorState;

function mkState(profile = defaultProfile, failShare = 0): EmulatorState {
  return new EmulatorState(profile, () => t, 1500, failShare);
}

beforeEach(() => {
  t = T0;
  state = mkState();
});

function send(body: Record<string, unknown>, s: EmulatorState = state) {
  return sendSms(s, account, {
    SmsSdkAppId: APP,
    TemplateId: VERIFY,
    SignName: SIGN,
    TemplateParamSet: ['123456', '5'],
    ...body,
  });
}

function statuses(body: Record<string, unknown>, s?: EmulatorState): SendStatusEntry[] {
  const r = send(body, s);
  if (!r.ok) throw new Error(`request-level ${r.code}`);
  return r.data.SendStatusSet as SendStatusEntry[];
}

function codes(body: Record<string, unknown>, s?: EmulatorState): string[] {
  return statuses(body, s).map((x) => x.Code);
}

function requestCode(body: Record<string, unknown>): string {
  const r = send(body);
  return r.ok ? 'ok' : r.code;
}

describe('request-level checks', () => {
  it('rejects empty, >200, mixed, unknown app, foreign app and missing sign', () => {
    expect(requestCode({ PhoneNumberSet: [] })).toBe('MissingParameter.EmptyPhoneNumberSet');
    const many = Array.from({ length: 201 }, (_, i) => `+86138${String(i).padStart(8, '0')}`);
    expect(requestCode({ PhoneNumberSet: many })).toBe('LimitExceeded.PhoneNumberCountLimit');
    expect(requestCode({ PhoneNumberSet: many.slice(0, 200) })).toBe('ok');
    expect(requestCode({ PhoneNumberSet: ['+8613800138000', '+14155552671'] })).toBe(
      'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
    );
    expect(requestCode({ PhoneNumberSet: ['13800138000'], SmsSdkAppId: '1499999999' })).toBe(
      'InvalidParameterValue.SdkAppIdNotExist',
    );
    expect(requestCode({ PhoneNumberSet: ['13800138000'], SmsSdkAppId: '1400000002' })).toBe(
      'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
    );
    expect(requestCode({ PhoneNumberSet: ['13800138000'], SignName: undefined })).toBe(
      'MissingParameter',
    );
    expect(requestCode({ PhoneNumberSet: ['13800138000'], TemplateId: 2001001 })).toBe(
      'InvalidParameter',
    );
    expect(state.sends).toHaveLength(200);
  });
});

describe('per-number results', () => {
  it('normalises mainland forms to +86 and fills the success fields', () => {
    const set = statuses({
      PhoneNumberSet: ['13800138000', '8613800138001', '008613800138002', '+8613800138003'],
      SessionContext: 'ctx-1',
    });
    expect(set.map((s) => s.PhoneNumber)).toEqual([
      '+8613800138000',
      '+8613800138001',
      '+8613800138002',
      '+8613800138003',
    ]);
    for (const s of set) {
      expect(s).toMatchObject({ Code: 'Ok', Message: 'send success', Fee: 1, IsoCode: 'CN' });
      expect(s.SessionContext).toBe('ctx-1');
      expect(s.SerialNo).toMatch(/^2433:\d+$/);
    }
    expect(new Set(set.map((s) => s.SerialNo)).size).toBe(4);
    expect(state.sends[0]).toMatchObject({
      phone: '+8613800138000',
      templateId: VERIFY,
      params: ['123456', '5'],
      sign: SIGN,
      sessionContext: 'ctx-1',
      at: T0,
      fee: 1,
    });
  });

  it('marks a bad number IncorrectPhoneNumber with Fee 0 and empty SerialNo, others still go', () => {
    const set = statuses({ PhoneNumberSet: ['1380013800', '+8613800138000', '12345678901'] });
    expect(set.map((s) => s.Code)).toEqual([
      'InvalidParameterValue.IncorrectPhoneNumber',
      'Ok',
      'InvalidParameterValue.IncorrectPhoneNumber',
    ]);
    expect(set[0]).toMatchObject({ Fee: 0, SerialNo: '', IsoCode: '' });
    expect(state.sends).toHaveLength(1);
  });

  it.each([
    [{ TemplateId: '9999999' }, 'FailedOperation.TemplateUnapprovedOrNotExist'],
    [
      { TemplateId: REJECTED, TemplateParamSet: [] },
      'FailedOperation.TemplateIncorrectOrUnapproved',
    ],
    [{ SignName: '新店审核中' }, 'FailedOperation.SignatureIncorrectOrUnapproved'],
    [{ SignName: '没有这个签名' }, 'FailedOperation.SignatureIncorrectOrUnapproved'],
    [{ TemplateParamSet: ['123456'] }, 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate'],
    [{ TemplateParamSet: ['1234567', '5'] }, 'InvalidParameterValue.TemplateParameterFormatError'],
    [{ TemplateParamSet: ['12a4', '5'] }, 'InvalidParameterValue.TemplateParameterFormatError'],
    [
      { TemplateId: REMIND, TemplateParamSet: ['张三', '一二三四五六七八九十一二三', '明天'] },
      'InvalidParameterValue.TemplateParameterLengthLimit',
    ],
    [
      { TemplateId: REMIND, TemplateParamSet: ['张三', 'http://x.cn/a', '明天'] },
      'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter',
    ],
  ])('%o → %s (on every number, nothing recorded)', (body, code) => {
    expect(codes({ PhoneNumberSet: ['+8613800138000', '+8613800138001'], ...body })).toEqual([
      code,
      code,
    ]);
    expect(state.sends).toHaveLength(0);
  });

  it('accepts an empty verification code (0 digits allowed) and a 12-char variable', () => {
    expect(codes({ PhoneNumberSet: ['+8613800138000'], TemplateParamSet: ['', '5'] })).toEqual([
      'Ok',
    ]);
    expect(
      codes({
        PhoneNumberSet: ['+8613800138001'],
        TemplateId: REMIND,
        TemplateParamSet: ['张三', '一二三四五六七八九十一二', '明天'],
      }),
    ).toEqual(['Ok']);
  });

  it('refuses marketing from a personal account', () => {
    const personal = defaultProfile.accounts.find((a) => a.accountType === 'personal')!;
    const r = sendSms(state, personal, {
      SmsSdkAppId: personal.sdkAppId,
      TemplateId: MARKETING,
      SignName: SIGN,
      TemplateParamSet: ['周五'],
      PhoneNumberSet: ['+8613800138000'],
    });
    expect(r.ok && (r.data.SendStatusSet as SendStatusEntry[])[0]!.Code).toBe(
      'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny',
    );
  });

  it('rejects a blacklisted number only', () => {
    expect(codes({ PhoneNumberSet: ['+8613900000000', '+8613800138000'] })).toEqual([
      'FailedOperation.PhoneNumberInBlacklist',
      'Ok',
    ]);
  });

  it('allows marketing 08:00–22:00 Beijing time only', () => {
    const body = { TemplateId: MARKETING, TemplateParamSet: ['周五'] };
    const day = shanghaiDayStart(T0);
    const at = (h: number, m: number) => day + h * 3_600_000 + m * 60_000;
    const cases: [number, string][] = [
      [at(7, 59), 'FailedOperation.MarketingSendTimeConstraint'],
      [at(8, 0), 'Ok'],
      [at(21, 59), 'Ok'],
      [at(22, 0), 'FailedOperation.MarketingSendTimeConstraint'],
      [at(23, 30), 'FailedOperation.MarketingSendTimeConstraint'],
    ];
    cases.forEach(([time, code], i) => {
      t = time;
      expect(codes({ ...body, PhoneNumberSet: [`+861380013800${i}`] })).toEqual([code]);
    });
  });

  it('charges billed segments of 【sign】+content and stops when the package runs out', () => {
    const profile = parseProfile({
      ...defaultProfile,
      variableMaxLength: 20,
      packages: [{ packageId: 1, amount: 5, createTime: 0, effectiveTime: 0, expiredTime: 4e9 }],
    });
    const s = mkState(profile);
    // 【SMS Desk练习】 (12) + 18 fixed characters + 3 × 20-character variables = 90 → 67 + 23: 2 segments.
    const v = '一二三四五六七八九十一二三四五六七八九十';
    const long = { TemplateId: REMIND, TemplateParamSet: [v, v, v] };
    const first = statuses({ ...long, PhoneNumberSet: ['+8613800138000', '+8613800138001'] }, s);
    expect(first.map((x) => x.Fee)).toEqual([2, 2]);
    const next = statuses({ ...long, PhoneNumberSet: ['+8613800138002', '+8613800138003'] }, s);
    expect(next.map((x) => x.Code)).toEqual([
      'FailedOperation.InsufficientBalanceInSmsPackage',
      'FailedOperation.InsufficientBalanceInSmsPackage',
    ]);
    expect(codes({ PhoneNumberSet: ['+8613800138004'] }, s)).toEqual(['Ok']);
    expect(s.balance()).toBe(0);
  });
});

describe('frequency windows per (app, number)', () => {
  const one = (phone = '+8613800138000') => codes({ PhoneNumberSet: [phone] })[0];

  it('30 s: a second send inside the window fails; at exactly +30 s it is allowed', () => {
    expect(one()).toBe('Ok');
    t += 29_999;
    expect(one()).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(one('+8613800138001')).toBe('Ok');
    t = T0 + 30_000;
    expect(one()).toBe('Ok');
  });

  it('the same number twice in one request hits the 30 s limit', () => {
    expect(codes({ PhoneNumberSet: ['13800138000', '+8613800138000'] })).toEqual([
      'Ok',
      'LimitExceeded.PhoneNumberThirtySecondLimit',
    ]);
  });

  it('1 h: the 6th send within an hour fails until the first leaves the window', () => {
    for (let i = 0; i < 5; i++) {
      expect(one()).toBe('Ok');
      t += 60_000;
    }
    expect(one()).toBe('LimitExceeded.PhoneNumberOneHourLimit');
    t = T0 + 3_600_000;
    expect(one()).toBe('Ok');
  });

  it('day: the 11th send of a Beijing calendar day fails until Beijing midnight', () => {
    const dayStart = shanghaiDayStart(T0);
    for (let i = 0; i < 10; i++) {
      expect(one()).toBe('Ok');
      t += 20 * 60_000;
    }
    t = dayStart + 23 * 3_600_000 + 59 * 60_000; // 23:59 Beijing
    expect(one()).toBe('LimitExceeded.PhoneNumberDailyLimit');
    t = dayStart + 24 * 3_600_000; // 00:00 next day
    expect(one()).toBe('Ok');
  });

  it('limits come from the profile', () => {
    const s = mkState(
      parseProfile({ ...defaultProfile, limits: { thirtySecond: 2, oneHour: 5, daily: 10 } }),
    );
    expect(
      codes({ PhoneNumberSet: ['+8613800138000', '+8613800138000', '+8613800138000'] }, s),
    ).toEqual(['Ok', 'Ok', 'LimitExceeded.PhoneNumberThirtySecondLimit']);
  });
});

describe('receipts and faults', () => {
  it('fails exactly the configured share of receipts, deterministically', () => {
    const s = mkState(defaultProfile, 0.25);
    const phones = Array.from({ length: 8 }, (_, i) => `+8613800138${String(i).padStart(3, '0')}`);
    statuses({ PhoneNumberSet: phones }, s);
    expect(s.sends.map((x) => x.delivered)).toEqual([
      true,
      true,
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(s.sends.every((x) => x.receiptAt === T0 + 1500)).toBe(true);
  });

  it('internalTimeout answers InternalError.Timeout per number and records nothing', () => {
    const r = sendSms(
      state,
      account,
      {
        SmsSdkAppId: APP,
        TemplateId: VERIFY,
        SignName: SIGN,
        TemplateParamSet: ['1', '5'],
        PhoneNumberSet: ['+8613800138000'],
      },
      { internalTimeout: true },
    );
    expect(r.ok && (r.data.SendStatusSet as SendStatusEntry[])[0]).toMatchObject({
      Code: 'InternalError.Timeout',
      Fee: 0,
      SerialNo: '',
    });
    expect(state.sends).toHaveLength(0);
  });
});

describe('international numbers', () => {
  it('needs an international template, reports the ISO code and bills GSM-7 by 160', () => {
    const profile = parseProfile({
      ...defaultProfile,
      templates: [
        ...defaultProfile.templates,
        {
          templateId: '3001001',
          name: 'intl code',
          kind: 'verification',
          content: 'Your code is {1}.',
          statusCode: 0,
          international: 1,
        },
      ],
    });
    const s = mkState(profile);
    const intl = { PhoneNumberSet: ['+14155552671', '0085291234567'], SignName: undefined };
    expect(codes({ ...intl }, s)).toEqual([
      'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
      'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
    ]);
    const set = statuses({ ...intl, TemplateId: '3001001', TemplateParamSet: ['1234'] }, s);
    expect(set.map((x) => [x.PhoneNumber, x.Code, x.IsoCode, x.Fee])).toEqual([
      ['+14155552671', 'Ok', 'US', 1],
      ['+85291234567', 'Ok', 'HK', 1],
    ]);
    expect(
      codes(
        { TemplateId: '3001001', TemplateParamSet: ['1234'], PhoneNumberSet: ['+8613800138000'] },
        s,
      ),
    ).toEqual(['UnsupportedOperation.GlobalTemplateToChineseMainlandPhone']);
    expect(codes({ ...intl, PhoneNumberSet: ['+1415'] }, s)).toEqual([
      'InvalidParameterValue.IncorrectPhoneNumber',
    ]);
  });
});
