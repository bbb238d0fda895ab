import { billedSegments, MAX_SMS_LENGTH, smsLength } from '../../../shared/segments';
import {
  looksLikeUrl,
  parsePlaceholders,
  renderedMessage,
  renderTemplate,
} from '../../../shared/template';
import { parseNumber, type ParsedNumber } from './phone';
import type { ProfileAccount, ProfileTemplate } from './profile';
import {
  apiError,
  shanghaiDayStart,
  shanghaiHour,
  type ApiOutcome,
  type EmulatorState,
} from './state';

/**
 * SendSms as the emulator implements it. Decisions where Tencent is silent:
 * - A missing SignName for mainland numbers is the request-level `MissingParameter` (nothing sent).
 * - Unknown or under-review template → FailedOperation.TemplateUnapprovedOrNotExist; a rejected
 *   one → FailedOperation.TemplateIncorrectOrUnapproved.
 * - Message-level rules (template, sign, params) are reported on every number, in this order:
 *   number format, template, marketing from a personal account, template/number region, sign,
 *   parameter count/format/length/URL, content length, blacklist, marketing hours, frequency
 *   (30 s, 1 h, day), package balance.
 * - Frequency windows count accepted sends to the same (SdkAppId, number) regardless of content.
 */

export interface SendStatusEntry {
  SerialNo: string;
  PhoneNumber: string;
  Fee: number;
  SessionContext: string;
  Code: string;
  Message: string;
  IsoCode: string;
}

export interface SendSmsOptions {
  /** Fault: answer InternalError.Timeout per number without recording anything. */
  internalTimeout?: boolean;
  /** The API the request came in through, recorded with each accepted number. */
  api?: 'tc3' | 'legacy';
}

const MESSAGES: Record<string, string> = {
  'InvalidParameterValue.IncorrectPhoneNumber': 'incorrect phone number format',
  'FailedOperation.TemplateUnapprovedOrNotExist': 'template is unapproved or does not exist',
  'FailedOperation.TemplateIncorrectOrUnapproved': 'template is incorrect or unapproved',
  'FailedOperation.SignatureIncorrectOrUnapproved': 'signature is incorrect or unapproved',
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate':
    'request content does not match the template content',
  'InvalidParameterValue.TemplateParameterFormatError':
    'verification code template parameter must be 0-6 digits',
  'InvalidParameterValue.TemplateParameterLengthLimit': 'template parameter is too long',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter':
    'URLs are not allowed in template parameters',
  'InvalidParameterValue.ContentLengthLimit': 'message content is too long',
  'FailedOperation.PhoneNumberInBlacklist': 'phone number is in the blacklist',
  'FailedOperation.MarketingSendTimeConstraint':
    'marketing SMS can only be sent between 08:00 and 22:00 Beijing time',
  'LimitExceeded.PhoneNumberThirtySecondLimit':
    'the number of SMS messages sent to this number within 30 seconds exceeds the limit',
  'LimitExceeded.PhoneNumberOneHourLimit':
    'the number of SMS messages sent to this number within 1 hour exceeds the limit',
  'LimitExceeded.PhoneNumberDailyLimit':
    'the number of SMS messages sent to this number today exceeds the limit',
  'FailedOperation.InsufficientBalanceInSmsPackage': 'SMS package balance is insufficient',
  'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone':
    'a Chinese mainland template cannot be sent to a global phone number',
  'UnsupportedOperation.GlobalTemplateToChineseMainlandPhone':
    'a global template cannot be sent to a Chinese mainland phone number',
  'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny':
    'individual-verified accounts cannot send marketing SMS',
  'InternalError.Timeout': 'request timed out, please try again later',
};

function failed(phone: string, code: string, sessionContext: string): SendStatusEntry {
  return {
    SerialNo: '',
    PhoneNumber: phone,
    Fee: 0,
    SessionContext: sessionContext,
    Code: code,
    Message: MESSAGES[code] ?? code,
    IsoCode: '',
  };
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Rules that depend only on the message, the same for every number of the request. */
function messageProblem(
  state: EmulatorState,
  account: ProfileAccount,
  template: ProfileTemplate | undefined,
  signName: string,
  mainland: boolean,
  params: string[],
): string | null {
  if (!template || template.statusCode === 1 || template.statusCode === 2) {
    return 'FailedOperation.TemplateUnapprovedOrNotExist';
  }
  if (template.statusCode !== 0) return 'FailedOperation.TemplateIncorrectOrUnapproved';
  if (template.kind === 'marketing' && account.accountType === 'personal') {
    return 'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny';
  }
  if (mainland && template.international === 1) {
    return 'UnsupportedOperation.GlobalTemplateToChineseMainlandPhone';
  }
  if (!mainland && template.international === 0) {
    return 'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone';
  }
  if (mainland || signName !== '') {
    const sign = state.profile.signs.find((s) => s.signName === signName);
    if (!sign || sign.statusCode !== 0) return 'FailedOperation.SignatureIncorrectOrUnapproved';
  }
  if (params.length !== parsePlaceholders(template.content).count) {
    return 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate';
  }
  for (const p of params) {
    if (template.kind === 'verification') {
      if (!/^\d{0,6}$/.test(p)) return 'InvalidParameterValue.TemplateParameterFormatError';
      continue;
    }
    if (looksLikeUrl(p)) return 'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter';
    if (smsLength(p) > state.profile.variableMaxLength) {
      return 'InvalidParameterValue.TemplateParameterLengthLimit';
    }
  }
  return null;
}

export function sendSms(
  state: EmulatorState,
  account: ProfileAccount,
  body: Record<string, unknown>,
  opts: SendSmsOptions = {},
): ApiOutcome {
  const { PhoneNumberSet, SmsSdkAppId, TemplateId, SignName, TemplateParamSet, SessionContext } =
    body;
  if (PhoneNumberSet === undefined) {
    return apiError(
      'MissingParameter',
      'The request is missing a required parameter `PhoneNumberSet`.',
    );
  }
  if (SmsSdkAppId === undefined) {
    return apiError(
      'MissingParameter',
      'The request is missing a required parameter `SmsSdkAppId`.',
    );
  }
  if (TemplateId === undefined) {
    return apiError(
      'MissingParameter',
      'The request is missing a required parameter `TemplateId`.',
    );
  }
  if (!isStringArray(PhoneNumberSet)) {
    return apiError('InvalidParameter', 'The parameter `PhoneNumberSet` must be a string array.');
  }
  if (typeof SmsSdkAppId !== 'string') {
    return apiError('InvalidParameter', 'The parameter `SmsSdkAppId` must be a string.');
  }
  if (typeof TemplateId !== 'string') {
    return apiError('InvalidParameter', 'The parameter `TemplateId` must be a string.');
  }
  if (SignName !== undefined && typeof SignName !== 'string') {
    return apiError('InvalidParameter', 'The parameter `SignName` must be a string.');
  }
  if (TemplateParamSet !== undefined && !isStringArray(TemplateParamSet)) {
    return apiError('InvalidParameter', 'The parameter `TemplateParamSet` must be a string array.');
  }
  if (SessionContext !== undefined && typeof SessionContext !== 'string') {
    return apiError('InvalidParameter', 'The parameter `SessionContext` must be a string.');
  }
  const sessionContext = SessionContext ?? '';
  if (Buffer.byteLength(sessionContext, 'utf8') >= 512) {
    return apiError('InvalidParameterValue', 'SessionContext must be shorter than 512 bytes.');
  }
  if (!state.appExists(SmsSdkAppId)) {
    return apiError('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId does not exist.');
  }
  if (account.sdkAppId !== SmsSdkAppId) {
    return apiError(
      'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
      'SmsSdkAppId does not belong to the account of this SecretId.',
    );
  }
  if (PhoneNumberSet.length === 0) {
    return apiError('MissingParameter.EmptyPhoneNumberSet', 'PhoneNumberSet is empty.');
  }
  if (PhoneNumberSet.length > 200) {
    return apiError(
      'LimitExceeded.PhoneNumberCountLimit',
      'A single request can contain at most 200 phone numbers.',
    );
  }
  const parsed: ParsedNumber[] = PhoneNumberSet.map(parseNumber);
  const mainland = parsed.some((p) => p.kind === 'mainland');
  if (mainland && parsed.some((p) => p.kind === 'international')) {
    return apiError(
      'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
      'Domestic and international phone numbers cannot be sent in the same request.',
    );
  }
  const signName = SignName ?? '';
  if (mainland && signName === '') {
    return apiError(
      'MissingParameter',
      'The request is missing a required parameter `SignName` for Chinese mainland numbers.',
    );
  }

  const params = TemplateParamSet ?? [];
  const template = state.profile.templates.find((t) => t.templateId === TemplateId);
  const content = template ? renderTemplate(template.content, params) : '';
  const text = renderedMessage(mainland ? signName : signName || undefined, content);
  let messageCode = messageProblem(state, account, template, signName, mainland, params);
  if (!messageCode && smsLength(text) > MAX_SMS_LENGTH) {
    messageCode = 'InvalidParameterValue.ContentLengthLimit';
  }
  const fee = billedSegments(text, { international: !mainland });
  const { limits } = state.profile;

  const set: SendStatusEntry[] = parsed.map((p) => {
    if (!p.valid)
      return failed(p.e164, 'InvalidParameterValue.IncorrectPhoneNumber', sessionContext);
    if (messageCode) return failed(p.e164, messageCode, sessionContext);
    if (opts.internalTimeout) return failed(p.e164, 'InternalError.Timeout', sessionContext);
    if (state.blacklist.has(p.e164)) {
      return failed(p.e164, 'FailedOperation.PhoneNumberInBlacklist', sessionContext);
    }
    const now = state.now();
    if (template?.kind === 'marketing') {
      const h = shanghaiHour(now);
      if (h < 8 || h >= 22) {
        return failed(p.e164, 'FailedOperation.MarketingSendTimeConstraint', sessionContext);
      }
    }
    if (state.countSince(SmsSdkAppId, p.e164, now - 30_000, now) >= limits.thirtySecond) {
      return failed(p.e164, 'LimitExceeded.PhoneNumberThirtySecondLimit', sessionContext);
    }
    if (state.countSince(SmsSdkAppId, p.e164, now - 3_600_000, now) >= limits.oneHour) {
      return failed(p.e164, 'LimitExceeded.PhoneNumberOneHourLimit', sessionContext);
    }
    if (state.countSince(SmsSdkAppId, p.e164, shanghaiDayStart(now) - 1, now) >= limits.daily) {
      return failed(p.e164, 'LimitExceeded.PhoneNumberDailyLimit', sessionContext);
    }
    if (state.balance() < fee) {
      return failed(p.e164, 'FailedOperation.InsufficientBalanceInSmsPackage', sessionContext);
    }
    state.consume(fee);
    const serialNo = state.nextSerialNo(now);
    const isoCode = p.kind === 'mainland' ? 'CN' : p.iso;
    state.sends.push({
      phone: p.e164,
      templateId: TemplateId,
      params: [...params],
      sign: signName,
      sessionContext,
      serialNo,
      at: now,
      fee,
      api: opts.api ?? 'tc3',
      sdkAppId: SmsSdkAppId,
      countryCode: p.kind === 'mainland' ? '86' : p.countryCode,
      subscriber: p.subscriber,
      isoCode,
      content: text,
      receiptAt: state.withholdReceipts ? Number.POSITIVE_INFINITY : now + state.receiptDelayMs,
      ...state.nextReceipt(),
      pulled: false,
    });
    return {
      SerialNo: serialNo,
      PhoneNumber: p.e164,
      Fee: fee,
      SessionContext: sessionContext,
      Code: 'Ok',
      Message: 'send success',
      IsoCode: isoCode,
    };
  });
  const at = state.now();
  for (const s of set) {
    state.outcomes.push({ sdkAppId: SmsSdkAppId, at, ok: s.Code === 'Ok', fee: s.Fee });
  }
  return { ok: true, data: { SendStatusSet: set } };
}
