import type { AccountKind, ConnectionProblem, ConnectionTest } from '../../../shared/api/account';
import type { FailureClass, SmsGateway } from '../gateway/types';

const PERSONAL = 'FailedOperation.NotEnterpriseCertification';

const BY_CODE: Record<string, ConnectionProblem> = {
  'AuthFailure.SignatureFailure': 'wrongKey',
  'AuthFailure.InvalidAuthorization': 'wrongKey',
  'AuthFailure.SecretIdNotFound': 'keyNotFound',
  'AuthFailure.InvalidSecretId': 'notApiKey',
  'AuthFailure.TokenFailure': 'notApiKey',
  'AuthFailure.SignatureExpire': 'clockSkew',
  // The SMS backend's own clock check (client more than 10 min off): not a service fault.
  'InternalError.RequestTimeException': 'clockSkew',
  'AuthFailure.UnauthorizedOperation': 'permissionDenied',
  'AuthFailure.MFAFailure': 'permissionDenied',
  UnauthorizedOperation: 'permissionDenied',
  'UnauthorizedOperation.RequestPermissionDeny': 'permissionDenied',
  'FailedOperation.ProhibitSubAccountUse': 'permissionDenied',
  'UnauthorizedOperation.SmsSdkAppIdVerifyFail': 'appNotInAccount',
  'InvalidParameterValue.SdkAppIdNotExist': 'appNotInAccount',
  'UnauthorizedOperation.SdkAppIdIsDisabled': 'appDisabled',
  'UnauthorizedOperation.RequestIpNotInWhitelist': 'ipNotAllowed',
  'UnauthorizedOperation.ServiceSuspendDueToArrears': 'arrears',
  'UnauthorizedOperation.SerivceSuspendDueToArrears': 'arrears',
  InternalError: 'serviceError',
  ServiceUnavailable: 'serviceError',
};

/**
 * The legacy App Key API's failures, by the catalog codes its numbers map to: 1001 (sig) means
 * the App Key is wrong, 1019 that the SDK AppID is unknown, and a refusal by the endpoint
 * itself (HTTP 4xx, 1011 "no such API") that Tencent no longer serves this API to the user.
 */
const LEGACY_BY_CODE: Record<string, ConnectionProblem> = {
  'InternalError.SigVerificationFail': 'wrongAppKey',
  'InvalidParameterValue.SdkAppIdNotExist': 'appIdUnknown',
  'InternalError.RestApiInterfaceNotExist': 'legacyRefused',
  'Http.4xx': 'legacyRefused',
};

/**
 * Which problem a failed call means. Tencent codes are `Word.Word` (or a few bare words that
 * are mapped above); anything else that the gateway classes as "nothing was sent / may retry"
 * is the transport failing (refused, DNS, timeout): the network is down or blocked.
 */
export function problemFor(
  code: string,
  failure: FailureClass,
  kind: AccountKind = 'apiKey',
): ConnectionProblem {
  const legacy = kind === 'appKey' ? LEGACY_BY_CODE[code] : undefined;
  if (legacy) return legacy;
  const known = BY_CODE[code];
  if (known) return known;
  // Our gateway's transport pseudo-codes (TRANSPORT_CODES in shared/tencent-errors).
  if (code.startsWith('Network.')) return 'networkDown';
  if (code.startsWith('Http.')) return 'serviceError';
  if (code.startsWith('RequestLimitExceeded')) return 'rateLimited';
  if (code.startsWith('InternalError')) return 'serviceError';
  if (failure !== 'permanent' && !code.includes('.')) return 'networkDown';
  return 'other';
}

/** A number nobody sends to: the receipts query only proves the App ID belongs to the key. */
const PROBE_PHONE = '+8613800000000';
const HOUR_MS = 60 * 60 * 1000;

/**
 * Tests a key the way the app will use it, with read-only, free calls: delivery receipts for
 * one number (the only one of the three that names the SdkAppId, so it proves the App ID is in
 * this account), then the sign and template lists. A personal account's "cannot list
 * templates" still proves the key and App ID work.
 */
export async function testGateway(
  gateway: SmsGateway,
  now: number,
  international = false,
): Promise<ConnectionTest> {
  const result: ConnectionTest = {
    ok: false,
    problem: null,
    code: null,
    personalCannotListTemplates: false,
    signs: null,
    templates: null,
  };
  const fail = (r: { code: string; failure: FailureClass }): ConnectionTest => ({
    ...result,
    problem: problemFor(r.code, r.failure),
    code: r.code,
  });

  const app = await gateway.pullStatusByPhone(PROBE_PHONE, now - HOUR_MS, now);
  if (!app.ok && app.code !== PERSONAL) return fail(app);

  const signs = await gateway.listSigns(international);
  if (signs.ok) result.signs = signs.value.length;
  else if (signs.code === PERSONAL) result.personalCannotListTemplates = true;
  else return fail(signs);

  const templates = await gateway.listTemplates(international);
  if (templates.ok) result.templates = templates.value.length;
  else if (templates.code === PERSONAL) result.personalCannotListTemplates = true;
  else return fail(templates);
  return { ...result, ok: true };
}

/**
 * Tests a legacy App Key account with one free, read-only call: receipts of a number nobody
 * sends to (`pullstatus4mobile`, which does not consume the receipt queue). It proves the App
 * Key, the SDK AppID, the IP allow-list and the endpoint at once. The legacy API lists no
 * templates or signs: the user adds them by hand, and the result says so.
 */
export async function testLegacyGateway(gateway: SmsGateway, now: number): Promise<ConnectionTest> {
  const r = await gateway.pullStatusByPhone(PROBE_PHONE, now - HOUR_MS, now);
  return {
    ok: r.ok,
    problem: r.ok ? null : problemFor(r.code, r.failure, 'appKey'),
    code: r.ok ? null : r.code,
    personalCannotListTemplates: false,
    signs: null,
    templates: null,
    manualTemplates: true,
  };
}
