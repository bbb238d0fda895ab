import { describe, expect, it } from 'vitest';
import {
  describeTencentCode,
  isKnownTencentCode,
  KNOWN_TENCENT_CODES,
  LOCAL_CODES,
  TRANSPORT_CODES,
} from '../../../src/shared/tencent-errors';

// Copied from ../shared/reference/tencent-sms.md (beside the repository) §2.2 (SendSms table + "other SMS codes"
// + legacy spellings) and §2.3 (common table). Keep in sync with the reference, not the catalog.
const SEND_SMS_CODES = [
  'FailedOperation.ContainSensitiveWord',
  'FailedOperation.FailResolvePacket',
  'FailedOperation.JsonParseFail',
  'FailedOperation.InsufficientBalanceInSmsPackage',
  'FailedOperation.MarketingSendTimeConstraint',
  'FailedOperation.PhoneNumberInBlacklist',
  'FailedOperation.SignatureIncorrectOrUnapproved',
  'FailedOperation.TemplateIncorrectOrUnapproved',
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
  'FailedOperation.TemplateUnapprovedOrNotExist',
  'InternalError.OtherError',
  'InternalError.RequestTimeException',
  'InternalError.RestApiInterfaceNotExist',
  'InternalError.SendAndRecvFail',
  'InternalError.SigFieldMissing',
  'InternalError.SigVerificationFail',
  'InternalError.Timeout',
  'InternalError.UnknownError',
  'InvalidParameterValue.ContentLengthLimit',
  'InvalidParameterValue.IncorrectPhoneNumber',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter',
  'InvalidParameterValue.SdkAppIdNotExist',
  'InvalidParameterValue.TemplateParameterFormatError',
  'InvalidParameterValue.TemplateParameterLengthLimit',
  'LimitExceeded.AppCountryOrRegionDailyLimit',
  'LimitExceeded.AppCountryOrRegionInBlacklist',
  'LimitExceeded.AppDailyLimit',
  'LimitExceeded.AppMainlandChinaDailyLimit',
  'LimitExceeded.AppGlobalDailyLimit',
  'LimitExceeded.DailyLimit',
  'LimitExceeded.DeliveryFrequencyLimit',
  'LimitExceeded.GlobalSmsSendingRateLimit',
  'LimitExceeded.PhoneNumberCountLimit',
  'LimitExceeded.PhoneNumberDailyLimit',
  'LimitExceeded.PhoneNumberOneHourLimit',
  'LimitExceeded.PhoneNumberSameContentDailyLimit',
  'LimitExceeded.PhoneNumberThirtySecondLimit',
  'MissingParameter.EmptyPhoneNumberSet',
  'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny',
  'UnauthorizedOperation.RequestIpNotInWhitelist',
  'UnauthorizedOperation.RequestPermissionDeny',
  'UnauthorizedOperation.SdkAppIdIsDisabled',
  'UnauthorizedOperation.ServiceSuspendDueToArrears',
  'UnauthorizedOperation.SerivceSuspendDueToArrears',
  'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
  'UnsupportedOperation',
  'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
  'UnsupportedOperation.GlobalTemplateToChineseMainlandPhone',
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
  'UnsupportedOperation.UnsupportedRegion',
  'UnsupportedOperation.UnsuportedRegion',
  // "Other SMS codes a desktop client may see"
  'FailedOperation.NotEnterpriseCertification',
  'FailedOperation.ProhibitSubAccountUse',
  'FailedOperation.PhoneNumberParseFail',
  'InvalidParameterValue.LimitVerifyFail',
  'InvalidParameterValue.OffsetVerifyFail',
  'InvalidParameterValue.BeginTimeVerifyFail',
  'InvalidParameterValue.EndTimeVerifyFail',
  'InvalidParameterValue.InvalidStartTime',
  'InvalidParameterValue.InvalidInternational',
  'InternalError.ParseBackendResponseFail',
  'InternalError.JsonParseFail',
  'InvalidParameterValue.MarketingTemplateWithoutUnsubscribe',
  'InvalidParameterValue.UnsupportedTemplateVariable',
];

const COMMON_CODES = [
  'AuthFailure.SignatureFailure',
  'AuthFailure.SignatureExpire',
  'AuthFailure.SecretIdNotFound',
  'AuthFailure.InvalidSecretId',
  'AuthFailure.InvalidAuthorization',
  'AuthFailure.TokenFailure',
  'AuthFailure.MFAFailure',
  'AuthFailure.UnauthorizedOperation',
  'RequestLimitExceeded',
  'RequestLimitExceeded.UinLimitExceeded',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded',
  'RequestLimitExceeded.IPLimitExceeded',
  'InternalError',
  'ServiceUnavailable',
  'ResourceUnavailable',
  'FailedOperation',
  'InvalidAction',
  'NoSuchProduct',
  'NoSuchVersion',
  'ActionOffline',
  'InvalidParameter',
  'InvalidParameterValue',
  'MissingParameter',
  'UnknownParameter',
  'InvalidRequest',
  'RequestSizeLimitExceeded',
  'ResponseSizeLimitExceeded',
  'UnsupportedProtocol',
  'UnsupportedRegion',
  'UnsupportedOperation',
  'IpInBlacklist',
  'IpNotInWhitelist',
  'LimitExceeded',
  'ResourceInUse',
  'ResourceInsufficient',
  'ResourceNotFound',
  'UnauthorizedOperation',
  'DryRunOperation',
];

const CATEGORIES = [
  'auth',
  'permission',
  'config',
  'sign',
  'template',
  'content',
  'recipient',
  'frequency',
  'balance',
  'param',
  'clock',
  'transient',
  'network',
  'unknown',
];

describe('Tencent error catalog', () => {
  it.each([
    ...SEND_SMS_CODES,
    ...COMMON_CODES,
    ...Object.values(TRANSPORT_CODES),
    ...Object.values(LOCAL_CODES),
  ])('%s has its own entry with Chinese and English text', (code) => {
    expect(isKnownTencentCode(code)).toBe(true);
    const entry = describeTencentCode(code);
    expect(entry.code).toBe(code);
    expect(entry.zh.trim().length).toBeGreaterThan(5);
    expect(entry.en.trim().length).toBeGreaterThan(10);
    // The Chinese text really is Chinese, the English text is not.
    expect(entry.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(entry.en).toMatch(/^[^\u4e00-\u9fff]*(“拒收请回复R”)?[^\u4e00-\u9fff]*$/);
    expect(CATEGORIES).toContain(entry.category);
    expect(['safe', 'wait', 'never', 'unsafe']).toContain(entry.retry);
  });

  it('has no entry without both texts', () => {
    for (const code of KNOWN_TENCENT_CODES) {
      const e = describeTencentCode(code);
      expect(e.zh, code).not.toBe('');
      expect(e.en, code).not.toBe('');
    }
  });

  it('gives the documented text for the daily per-number limit', () => {
    const e = describeTencentCode('LimitExceeded.PhoneNumberDailyLimit');
    expect(e.zh).toBe(
      '该号码今天已达到发送上限（默认每天 10 条），北京时间明天 0 点后可再发送；不要重试。',
    );
    expect(e).toMatchObject({ category: 'frequency', retry: 'wait' });
  });

  it('marks codes that may already have sent as unsafe to retry', () => {
    for (const code of [
      'InternalError.Timeout',
      'InternalError.SendAndRecvFail',
      TRANSPORT_CODES.timeout,
      TRANSPORT_CODES.reset,
      TRANSPORT_CODES.badResponse,
      TRANSPORT_CODES.aborted,
      LOCAL_CODES.gatewayError,
      LOCAL_CODES.interrupted,
      LOCAL_CODES.databaseWrite,
    ]) {
      expect(describeTencentCode(code).retry, code).toBe('unsafe');
    }
  });

  it('classifies the main families', () => {
    expect(describeTencentCode('AuthFailure.SignatureFailure')).toMatchObject({
      category: 'auth',
      retry: 'never',
    });
    expect(describeTencentCode('RequestLimitExceeded')).toMatchObject({ retry: 'safe' });
    expect(describeTencentCode('LimitExceeded.PhoneNumberThirtySecondLimit')).toMatchObject({
      category: 'frequency',
      retry: 'wait',
    });
    expect(describeTencentCode('LimitExceeded.PhoneNumberCountLimit').retry).toBe('never');
    expect(describeTencentCode('FailedOperation.InsufficientBalanceInSmsPackage').category).toBe(
      'balance',
    );
    expect(describeTencentCode(TRANSPORT_CODES.refused).retry).toBe('safe');
    // Nothing left this computer: safe to send again once the cause is fixed.
    expect(describeTencentCode(LOCAL_CODES.diskSync).retry).toBe('safe');
    expect(describeTencentCode(LOCAL_CODES.accountChanged).retry).toBe('safe');
  });
});

describe('unknown codes', () => {
  it('get a generic entry that quotes the code', () => {
    const e = describeTencentCode('Totally.NewCode');
    expect(isKnownTencentCode('Totally.NewCode')).toBe(false);
    expect(e).toMatchObject({ code: 'Totally.NewCode', category: 'unknown', retry: 'never' });
    expect(e.zh).toContain('Totally.NewCode');
    expect(e.en).toContain('Totally.NewCode');
  });

  it('inherit category and retry safety from their family', () => {
    expect(describeTencentCode('AuthFailure.SomethingNew')).toMatchObject({
      category: 'auth',
      retry: 'never',
    });
    expect(describeTencentCode('RequestLimitExceeded.NewLimit')).toMatchObject({
      category: 'transient',
      retry: 'safe',
    });
    const wait = describeTencentCode('LimitExceeded.PhoneNumberWeeklyLimit');
    expect(wait).toMatchObject({ category: 'frequency', retry: 'wait' });
    expect(wait.zh).toContain('LimitExceeded.PhoneNumberWeeklyLimit');
    expect(describeTencentCode('InvalidParameterValue.Whatever').category).toBe('param');
  });

  it('does not treat a prefix lookalike as a family member', () => {
    expect(describeTencentCode('AuthFailureX').category).toBe('unknown');
    expect(describeTencentCode('')).toMatchObject({ category: 'unknown', retry: 'never' });
  });
});

describe('codes that may hide a delivered message', () => {
  it('are never marked safe to retry, so the outbox reconciles instead of re-sending', () => {
    for (const code of [
      'InternalError.Timeout',
      'InternalError.SendAndRecvFail',
      'InternalError.OtherError',
      'InternalError.UnknownError',
      'InternalError.ParseBackendResponseFail',
    ]) {
      expect(describeTencentCode(code).retry).toBe('unsafe');
    }
  });
});
