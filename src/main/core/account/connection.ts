import type { ConnectionProblem, ConnectionTest } from '../../../shared/api/account';
import type { FailureClass, SmsGateway } from '../gateway/types';

const PERSONAL = 'FailedOperation.NotEnterpriseCertification';

const BY_CODE: Record<string, ConnectionProblem> = {
  'AuthFailure.SignatureFailure': 'wrongKey',
  'AuthFailure.InvalidAuthorization': 'wrongKey',
  'AuthFailure.SecretIdNotFound': 'keyNotFound',
  'AuthFailure.InvalidSecretId': 'notApiKey',
  'AuthFailure.TokenFailure': 'notApiKey',
  'AuthFailure.SignatureExpire': 'clockSkew',
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
 * Which problem a failed call means. Tencent codes are `Word.Word` (or a few bare words that
 * are mapped above); anything else that the gateway classes as "nothing was sent / may retry"
 * is the transport failing (refused, DNS, timeout): the network is down or blocked.
 */
export function problemFor(code: string, failure: FailureClass): ConnectionProblem {
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

/**
 * Tests a key the way the app will use it: list signs, then templates (both read-only, free).
 * A personal account's "cannot list templates" still proves the key and App ID work.
 */
export async function testGateway(
  gateway: SmsGateway,
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
  const signs = await gateway.listSigns(international);
  if (signs.ok) result.signs = signs.value.length;
  else if (signs.code === PERSONAL) result.personalCannotListTemplates = true;
  else return { ...result, problem: problemFor(signs.code, signs.failure), code: signs.code };

  const templates = await gateway.listTemplates(international);
  if (templates.ok) result.templates = templates.value.length;
  else if (templates.code === PERSONAL) result.personalCannotListTemplates = true;
  else
    return {
      ...result,
      problem: problemFor(templates.code, templates.failure),
      code: templates.code,
    };
  return { ...result, ok: true };
}
