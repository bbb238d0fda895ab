// Over 400 lines by design: the emulator's action table, one small handler per Tencent API action.
import { smsLength } from '../../../shared/segments';
import { renderedMessage, renderTemplate } from '../../../shared/template';
import { parseNumber } from './phone';
import type { ProfileAccount } from './profile';
import {
  apiError,
  parseBeijingHour,
  type Action,
  type ApiOutcome,
  type EmulatorState,
  type StoredSend,
} from './state';

/**
 * Every action besides SendSms (reference §5). Where Tencent documents no error for a bad
 * argument, the closest documented InvalidParameterValue.* code is used.
 */

type Body = Record<string, unknown>;

const DAY_S = 86_400;

function missing(name: string): ApiOutcome {
  return apiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
}

function invalid(name: string, why: string): ApiOutcome {
  return apiError('InvalidParameter', `The parameter \`${name}\` ${why}.`);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** The app must exist, and belong to the caller's key. */
export function checkApp(
  state: EmulatorState,
  account: ProfileAccount,
  appId: unknown,
): ApiOutcome | null {
  if (appId === undefined) return missing('SmsSdkAppId');
  if (typeof appId !== 'string') return invalid('SmsSdkAppId', 'must be a string');
  if (!state.appExists(appId)) {
    return apiError('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId does not exist.');
  }
  if (account.sdkAppId !== appId) {
    return apiError(
      'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
      'SmsSdkAppId does not belong to the account of this SecretId.',
    );
  }
  return null;
}

function checkEnterprise(account: ProfileAccount): ApiOutcome | null {
  return account.accountType === 'personal'
    ? apiError(
        'FailedOperation.NotEnterpriseCertification',
        'Individual-verified accounts cannot use this API; enterprise certification is required.',
      )
    : null;
}

interface Paging {
  ids: number[] | null;
  limit: number;
  offset: number;
}

/** International + id set or Limit/Offset paging, shared by the sign and template lists. */
function listArgs(body: Body, idField: string, defaultLimit: number | null): Paging | ApiOutcome {
  if (body.International === undefined) return missing('International');
  if (body.International !== 0 && body.International !== 1) {
    return apiError('InvalidParameterValue.InvalidInternational', 'International must be 0 or 1.');
  }
  const rawIds = body[idField];
  if (rawIds !== undefined && !(Array.isArray(rawIds) && rawIds.every(isInt))) {
    return invalid(idField, 'must be an integer array');
  }
  const ids = rawIds && (rawIds as number[]).length > 0 ? (rawIds as number[]) : null;
  if (ids && ids.length > 100) {
    return apiError('InvalidParameterValue.LimitVerifyFail', `${idField} holds at most 100 ids.`);
  }
  const limit = body.Limit ?? defaultLimit;
  if (!ids) {
    if (limit === null || limit === undefined) {
      return apiError(
        'InvalidParameterValue.LimitVerifyFail',
        `Limit is required when ${idField} is empty.`,
      );
    }
    if (!isInt(limit) || limit < 0 || limit > 100) {
      return apiError('InvalidParameterValue.LimitVerifyFail', 'Limit must be 0..100.');
    }
  }
  const offset = body.Offset ?? 0;
  if (!isInt(offset) || offset < 0) {
    return apiError('InvalidParameterValue.OffsetVerifyFail', 'Offset must be >= 0.');
  }
  return { ids, limit: isInt(limit) ? limit : 100, offset };
}

function page<T>(items: T[], p: Paging, idOf: (t: T) => number): T[] {
  if (p.ids) return items.filter((t) => p.ids!.includes(idOf(t)));
  return items.slice(p.offset, p.offset + p.limit);
}

function matchesInternational(itemIntl: number, wanted: unknown): boolean {
  return itemIntl === wanted || itemIntl === 3;
}

const describeSmsSignList: Action = (state, account, body) => {
  const denied = checkEnterprise(account);
  if (denied) return denied;
  const args = listArgs(body, 'SignIdSet', 10);
  if ('ok' in args) return args;
  const signs = state.profile.signs.filter((s) =>
    matchesInternational(s.international, body.International),
  );
  return {
    ok: true,
    data: {
      DescribeSignListStatusSet: page(signs, args, (s) => s.signId).map((s) => ({
        SignId: s.signId,
        International: s.international,
        StatusCode: s.statusCode,
        ReviewReply: s.reviewReply,
        SignName: s.signName,
        CreateTime: s.createTime,
        QualificationId: 0,
        QualificationName: '',
        QualificationStatusCode: 0,
      })),
    },
  };
};

const describeSmsTemplateList: Action = (state, account, body) => {
  const denied = checkEnterprise(account);
  if (denied) return denied;
  const args = listArgs(body, 'TemplateIdSet', null);
  if ('ok' in args) return args;
  const templates = state.profile.templates.filter((t) =>
    matchesInternational(t.international, body.International),
  );
  return {
    ok: true,
    data: {
      DescribeTemplateStatusSet: page(templates, args, (t) => Number(t.templateId)).map((t) => ({
        TemplateId: Number(t.templateId),
        International: t.international,
        StatusCode: t.statusCode,
        ReviewReply: t.reviewReply,
        TemplateName: t.name,
        CreateTime: t.createTime,
        TemplateContent: t.content,
      })),
    },
  };
};

function receipt(s: StoredSend): Record<string, unknown> {
  return {
    UserReceiveTime: Math.floor(s.receiptAt / 1000),
    CountryCode: s.countryCode,
    SubscriberNumber: s.subscriber,
    PhoneNumber: s.phone,
    SerialNo: s.serialNo,
    ReportStatus: s.delivered ? 'SUCCESS' : 'FAIL',
    Description: s.description,
    SessionContext: s.sessionContext,
  };
}

export function limitArg(
  body: Body,
  max: number,
  required: boolean,
  dflt: number,
): number | ApiOutcome {
  if (body.Limit === undefined) return required ? missing('Limit') : dflt;
  if (!isInt(body.Limit) || body.Limit < 0 || body.Limit > max) {
    return apiError('InvalidParameterValue.LimitVerifyFail', `Limit must be 0..${max}.`);
  }
  return body.Limit;
}

const pullSmsSendStatus: Action = (state, account, body) => {
  const bad = checkApp(state, account, body.SmsSdkAppId);
  if (bad) return bad;
  const limit = limitArg(body, 100, true, 0);
  if (typeof limit !== 'number') return limit;
  const now = state.now();
  const ready = state.sends
    .filter((s) => s.sdkAppId === body.SmsSdkAppId && !s.pulled && s.receiptAt <= now)
    .sort((a, b) => a.receiptAt - b.receiptAt)
    .slice(0, limit);
  for (const s of ready) s.pulled = true;
  return { ok: true, data: { PullSmsSendStatusSet: ready.map(receipt) } };
};

interface ByNumberArgs {
  phone: string;
  beginS: number;
  endS: number;
  offset: number;
  limit: number;
}

/** Arguments of the two Pull*ByPhoneNumber actions (BeginTime at most 7 days back). */
export function byNumberArgs(
  state: EmulatorState,
  account: ProfileAccount,
  body: Body,
): ByNumberArgs | ApiOutcome {
  const bad = checkApp(state, account, body.SmsSdkAppId);
  if (bad) return bad;
  if (body.PhoneNumber === undefined) return missing('PhoneNumber');
  if (typeof body.PhoneNumber !== 'string') return invalid('PhoneNumber', 'must be a string');
  if (body.BeginTime === undefined) return missing('BeginTime');
  const nowS = Math.floor(state.now() / 1000);
  if (!isInt(body.BeginTime) || body.BeginTime < nowS - 7 * DAY_S) {
    return apiError(
      'InvalidParameterValue.BeginTimeVerifyFail',
      'BeginTime must be unix seconds no more than 7 days ago.',
    );
  }
  const endS = body.EndTime ?? nowS;
  if (!isInt(endS) || endS < body.BeginTime) {
    return apiError('InvalidParameterValue.EndTimeVerifyFail', 'EndTime must be >= BeginTime.');
  }
  const limit = limitArg(body, 100, true, 0);
  if (typeof limit !== 'number') return limit;
  const offset = body.Offset ?? 0;
  if (!isInt(offset) || offset < 0) {
    return apiError('InvalidParameterValue.OffsetVerifyFail', 'Offset must be >= 0.');
  }
  const parsed = parseNumber(body.PhoneNumber);
  return { phone: parsed.e164, beginS: body.BeginTime, endS, offset, limit };
}

const pullSmsSendStatusByPhoneNumber: Action = (state, account, body) => {
  const args = byNumberArgs(state, account, body);
  if ('ok' in args) return args;
  const now = state.now();
  const found = state.sends.filter(
    (s) =>
      s.sdkAppId === body.SmsSdkAppId &&
      s.phone === args.phone &&
      s.receiptAt <= now &&
      s.at >= args.beginS * 1000 &&
      s.at <= args.endS * 1000 + 999,
  );
  return {
    ok: true,
    data: {
      PullSmsSendStatusSet: found.slice(args.offset, args.offset + args.limit).map(receipt),
    },
  };
};

/** Send record content with every variable value masked, as Tencent shows it partly hidden. */
function maskedContent(state: EmulatorState, s: StoredSend): string {
  const t = state.profile.templates.find((x) => x.templateId === s.templateId);
  if (!t) return s.content;
  const masked = s.params.map((p) => '*'.repeat(smsLength(p)));
  return renderedMessage(s.sign || undefined, renderTemplate(t.content, masked));
}

const describeSendRecordList: Action = (state, account, body) => {
  const bad = checkApp(state, account, body.SmsSdkAppId);
  if (bad) return bad;
  if (body.PhoneNumber === undefined) return missing('PhoneNumber');
  if (typeof body.PhoneNumber !== 'string') return invalid('PhoneNumber', 'must be a string');
  if (body.BeginTime === undefined) return missing('BeginTime');
  const now = state.now();
  const nowS = Math.floor(now / 1000);
  if (!isInt(body.BeginTime) || body.BeginTime < nowS - 3 * DAY_S) {
    return apiError(
      'InvalidParameterValue.BeginTimeVerifyFail',
      'BeginTime must be unix seconds no more than 72 hours ago.',
    );
  }
  const endS = body.EndTime ?? nowS;
  if (!isInt(endS) || endS < body.BeginTime) {
    return apiError('InvalidParameterValue.EndTimeVerifyFail', 'EndTime must be >= BeginTime.');
  }
  const limit = body.Limit ?? 20;
  if (!isInt(limit) || limit < 1 || limit > 50) {
    return apiError('InvalidParameterValue.LimitVerifyFail', 'Limit must be 1..50.');
  }
  const offset = body.Offset ?? 0;
  if (!isInt(offset) || offset < 0 || offset > 1000) {
    return apiError('InvalidParameterValue.OffsetVerifyFail', 'Offset must be 0..1000.');
  }
  const phone = parseNumber(body.PhoneNumber).e164;
  const beginMs = body.BeginTime * 1000;
  const all = state.sends
    .filter(
      (s) =>
        s.sdkAppId === body.SmsSdkAppId &&
        s.phone === phone &&
        s.at >= beginMs &&
        s.at <= endS * 1000 + 999,
    )
    .sort((a, b) => b.at - a.at)
    .slice(0, 1000);
  const records = all.slice(offset, offset + limit).map((s) => {
    const arrived = s.receiptAt <= now;
    return {
      PhoneNumber: s.phone,
      SerialNo: s.serialNo,
      SendStatus: !arrived ? 3 : s.delivered ? 2 : 4,
      RequestCode: 'Ok',
      StatusCode: !arrived ? '' : s.description,
      IsoCode: s.isoCode,
      Content: maskedContent(state, s),
      SendTime: Math.floor(s.at / 1000),
      UserReceiveTime: arrived ? Math.floor(s.receiptAt / 1000) : 0,
    };
  });
  return { ok: true, data: { SendRecordSet: records, TotalCount: all.length } };
};

interface HourWindow {
  from: number;
  /** Exclusive, ms: the end hour is included. */
  to: number;
}

function hourWindow(body: Body): HourWindow | ApiOutcome {
  if (body.BeginTime === undefined) return missing('BeginTime');
  if (body.EndTime === undefined) return missing('EndTime');
  const from = parseBeijingHour(body.BeginTime);
  if (from === null) {
    return apiError('InvalidParameterValue.BeginTimeVerifyFail', 'BeginTime must be yyyymmddhh.');
  }
  const end = parseBeijingHour(body.EndTime);
  if (end === null || end < from) {
    return apiError(
      'InvalidParameterValue.EndTimeVerifyFail',
      'EndTime must be yyyymmddhh and not before BeginTime.',
    );
  }
  return { from, to: end + 3_600_000 };
}

const smsPackagesStatistics: Action = (state, account, body) => {
  const bad = checkApp(state, account, body.SmsSdkAppId);
  if (bad) return bad;
  const w = hourWindow(body);
  if ('ok' in w) return w;
  const limit = limitArg(body, 500, true, 0);
  if (typeof limit !== 'number') return limit;
  const offset = body.Offset ?? 0;
  if (!isInt(offset) || offset < 0) {
    return apiError('InvalidParameterValue.OffsetVerifyFail', 'Offset must be >= 0.');
  }
  const set = state.packages
    .filter((p) => p.createTime * 1000 >= w.from && p.createTime * 1000 < w.to)
    .slice(offset, offset + limit)
    .map((p) => ({
      PackageCreateTime: p.createTime,
      PackageEffectiveTime: p.effectiveTime,
      PackageExpiredTime: p.expiredTime,
      PackageAmount: p.amount,
      PackageType: p.packageType,
      PackageId: p.packageId,
      CurrentUsage: state.packageUsage.get(p.packageId) ?? p.used,
    }));
  return { ok: true, data: { SmsPackagesStatisticsSet: set } };
};

const sendStatusStatistics: Action = (state, account, body) => {
  const bad = checkApp(state, account, body.SmsSdkAppId);
  if (bad) return bad;
  const w = hourWindow(body);
  if ('ok' in w) return w;
  let FeeCount = 0;
  let RequestCount = 0;
  let RequestSuccessCount = 0;
  for (const o of state.outcomes) {
    if (o.sdkAppId !== body.SmsSdkAppId || o.at < w.from || o.at >= w.to) continue;
    RequestCount += 1;
    if (o.ok) RequestSuccessCount += 1;
    FeeCount += o.fee;
  }
  return {
    ok: true,
    data: { SendStatusStatistics: { FeeCount, RequestCount, RequestSuccessCount } },
  };
};

/** Receipts that have arrived, for sends accepted in the window (Tencent keeps 32 days). */
const callbackStatusStatistics: Action = (state, account, body) => {
  const bad = checkApp(state, account, body.SmsSdkAppId);
  if (bad) return bad;
  const w = hourWindow(body);
  if ('ok' in w) return w;
  if (w.to - w.from > 32 * 86_400_000) {
    return apiError(
      'InvalidParameterValue.EndTimeVerifyFail',
      'The window of CallbackStatusStatistics is at most 32 days.',
    );
  }
  const now = state.now();
  let requestSuccess = 0;
  let success = 0;
  let fail = 0;
  for (const s of state.sends) {
    if (s.sdkAppId !== body.SmsSdkAppId || s.at < w.from || s.at >= w.to) continue;
    requestSuccess += 1;
    if (s.receiptAt > now) continue;
    if (s.delivered) success += 1;
    else fail += 1;
  }
  return {
    ok: true,
    data: {
      CallbackStatusStatistics: {
        CallbackCount: success + fail,
        RequestSuccessCount: requestSuccess,
        CallbackFailCount: fail,
        CallbackSuccessCount: success,
        // The emulator's failed receipts are plain carrier refusals (UNDELIV): none of the
        // named kinds below, so they count in CallbackFailCount only.
        InternalErrorCount: 0,
        InvalidNumberCount: 0,
        ShutdownErrorCount: 0,
        BlackListCount: 0,
        FrequencyLimitCount: 0,
      },
    },
  };
};

export const otherActions: Record<string, Action> = {
  DescribeSmsSignList: describeSmsSignList,
  DescribeSmsTemplateList: describeSmsTemplateList,
  PullSmsSendStatus: pullSmsSendStatus,
  PullSmsSendStatusByPhoneNumber: pullSmsSendStatusByPhoneNumber,
  DescribeSendRecordList: describeSendRecordList,
  SmsPackagesStatistics: smsPackagesStatistics,
  SendStatusStatistics: sendStatusStatistics,
  CallbackStatusStatistics: callbackStatusStatistics,
};
