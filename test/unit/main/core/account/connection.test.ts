import { describe, expect, it } from 'vitest';
import { problemFor, testGateway } from '../../../../../src/main/core/account/connection';
import { classifyKeychainError } from '../../../../../src/main/core/keychain';
import type { GatewayCallResult, SmsGateway } from '../../../../../src/main/core/gateway/types';

describe('problemFor', () => {
  it.each([
    ['AuthFailure.SignatureFailure', 'permanent', 'wrongKey'],
    ['AuthFailure.SecretIdNotFound', 'permanent', 'keyNotFound'],
    ['AuthFailure.InvalidSecretId', 'permanent', 'notApiKey'],
    ['AuthFailure.SignatureExpire', 'permanent', 'clockSkew'],
    ['InternalError.RequestTimeException', 'permanent', 'clockSkew'],
    ['UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'permanent', 'appNotInAccount'],
    ['InvalidParameterValue.SdkAppIdNotExist', 'permanent', 'appNotInAccount'],
    ['UnauthorizedOperation.RequestIpNotInWhitelist', 'permanent', 'ipNotAllowed'],
    ['UnauthorizedOperation.RequestPermissionDeny', 'permanent', 'permissionDenied'],
    ['UnauthorizedOperation.SerivceSuspendDueToArrears', 'permanent', 'arrears'],
    ['RequestLimitExceeded', 'retryable', 'rateLimited'],
    ['InternalError', 'retryable', 'serviceError'],
    ['Http.5xx', 'retryable', 'serviceError'],
    ['Network.Refused', 'retryable', 'networkDown'],
    ['Network.Timeout', 'unknown', 'networkDown'],
    ['ECONNRESET', 'unknown', 'networkDown'],
    ['FailedOperation.Something', 'permanent', 'other'],
  ] as const)('%s (%s) → %s', (code, failure, problem) => {
    expect(problemFor(code, failure)).toBe(problem);
  });
});

describe('problemFor, legacy App Key kind', () => {
  it.each([
    // 1001 sig → the App Key itself is wrong.
    ['InternalError.SigVerificationFail', 'permanent', 'wrongAppKey'],
    // 1019 → the SDK AppID is unknown.
    ['InvalidParameterValue.SdkAppIdNotExist', 'permanent', 'appIdUnknown'],
    // 1009 → IP allow-list; 1020 → app disabled.
    ['UnauthorizedOperation.RequestIpNotInWhitelist', 'permanent', 'ipNotAllowed'],
    ['UnauthorizedOperation.SdkAppIdIsDisabled', 'permanent', 'appDisabled'],
    // The endpoint refusing the API (switched off) vs. not reachable at all.
    ['Http.4xx', 'retryable', 'legacyRefused'],
    ['InternalError.RestApiInterfaceNotExist', 'permanent', 'legacyRefused'],
    ['Network.Refused', 'retryable', 'networkDown'],
    ['Network.DnsFailure', 'retryable', 'networkDown'],
    ['Legacy.1099', 'permanent', 'other'],
  ] as const)('%s → %s', (code, failure, problem) => {
    expect(problemFor(code, failure, 'appKey')).toBe(problem);
  });

  it('keeps the API-key meanings for the API-key kind', () => {
    expect(problemFor('InvalidParameterValue.SdkAppIdNotExist', 'permanent')).toBe(
      'appNotInAccount',
    );
    expect(problemFor('Http.4xx', 'retryable')).toBe('serviceError');
  });
});

describe('classifyKeychainError', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-session-bus'],
    ['Could not connect: No such file or directory', 'no-session-bus'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'no-provider'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'locked'],
    ['Cannot find module keytar.node', 'module-missing'],
    ['something else', 'unknown'],
  ])('%s → %s', (message, reason) => {
    expect(classifyKeychainError(new Error(message))).toBe(reason);
  });
});

describe('testGateway', () => {
  const personal = {
    ok: false,
    failure: 'permanent',
    code: 'FailedOperation.NotEnterpriseCertification',
    message: 'x',
  } as const;
  const gw = (
    over: Partial<Record<'pull' | 'signs' | 'templates', GatewayCallResult<unknown[]>>>,
  ) =>
    ({
      sdkAppId: '1400000001',
      pullStatusByPhone: () => Promise.resolve(over.pull ?? { ok: true, value: [] }),
      listSigns: () => Promise.resolve(over.signs ?? { ok: true, value: [1, 2] }),
      listTemplates: () => Promise.resolve(over.templates ?? { ok: true, value: [1, 2, 3] }),
    }) as unknown as SmsGateway;

  it('counts signs and templates on success', async () => {
    expect(await testGateway(gw({}), 0)).toEqual({
      ok: true,
      problem: null,
      code: null,
      personalCannotListTemplates: false,
      signs: 2,
      templates: 3,
    });
  });

  it('accepts a personal account that cannot list templates', async () => {
    expect(await testGateway(gw({ signs: personal, templates: personal }), 0)).toMatchObject({
      ok: true,
      personalCannotListTemplates: true,
      signs: null,
      templates: null,
    });
  });

  it('stops at the first real problem', async () => {
    const r = await testGateway(
      gw({
        pull: {
          ok: false,
          failure: 'permanent',
          code: 'UnauthorizedOperation.SmsSdkAppIdVerifyFail',
          message: 'x',
        },
      }),
      0,
    );
    expect(r).toMatchObject({ ok: false, problem: 'appNotInAccount', signs: null });
  });
});
