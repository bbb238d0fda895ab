import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  classifyApiCode,
  classifyHttpStatus,
  classifySdkError,
  numberOutcome,
  redact,
} from '../../../../../src/main/core/gateway/classify';

// The SDK's exception class is not exported from the package root; build the real thing.
const require = createRequire(import.meta.url);
const SdkException = (
  require('tencentcloud-sdk-nodejs-common/tencentcloud/common/exception/tencent_cloud_sdk_exception') as {
    default: new (
      message: string,
      requestId?: string,
      traceId?: string,
    ) => Error & {
      code?: string;
      httpCode?: number;
    };
  }
).default;
const { FetchError } = require('node-fetch') as {
  FetchError: new (message: string, type: string, systemError?: unknown) => Error;
};

const apiError = (code: string, message = 'msg') => {
  const e = new SdkException(message, 'req-1', 'trace-1');
  e.code = code;
  return e;
};
const httpError = (status: number, statusText: string) => {
  const e = new SdkException(statusText, '', 'trace-1');
  e.httpCode = status;
  return e;
};
/** What the SDK throws for network failures: only the wrapped node-fetch message survives. */
const networkError = (message: string) => new SdkException(message, '', 'uuid');

describe('classifySdkError: API error responses', () => {
  it.each([
    ['RequestLimitExceeded', 'retryable'],
    ['RequestLimitExceeded.UinLimitExceeded', 'retryable'],
    ['InternalError', 'retryable'],
    ['ServiceUnavailable', 'retryable'],
    ['InternalError.Timeout', 'unknown'],
    ['InternalError.SendAndRecvFail', 'unknown'],
    ['AuthFailure.SignatureFailure', 'permanent'],
    ['AuthFailure.SecretIdNotFound', 'permanent'],
    ['UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'permanent'],
    ['InvalidParameterValue.SdkAppIdNotExist', 'permanent'],
    ['MissingParameter.EmptyPhoneNumberSet', 'permanent'],
    ['LimitExceeded.PhoneNumberCountLimit', 'permanent'],
    ['UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber', 'permanent'],
    ['InvalidParameter', 'permanent'],
    ['Unheard.Of', 'permanent'],
  ])('%s → %s', (code, failure) => {
    const c = classifySdkError(apiError(code, 'server said no'));
    expect(c).toEqual({ failure, code, message: 'server said no', requestId: 'req-1' });
    expect(classifyApiCode(code)).toBe(failure);
  });
});

describe('classifySdkError: HTTP status', () => {
  it('503 from the front end: not processed, retryable', () => {
    expect(classifySdkError(httpError(503, 'Service Unavailable'))).toMatchObject({
      failure: 'retryable',
      code: 'Http.5xx',
    });
  });
  it('429 and 500 are retryable, 502 and 504 unknown', () => {
    expect(classifyHttpStatus(429)).toMatchObject({ failure: 'retryable', code: 'Http.4xx' });
    expect(classifyHttpStatus(500).failure).toBe('retryable');
    expect(classifyHttpStatus(502)).toMatchObject({
      failure: 'unknown',
      code: 'Http.UpstreamLost',
    });
    expect(classifySdkError(httpError(504, 'Gateway Timeout')).failure).toBe('unknown');
  });
});

describe('classifySdkError: network failures', () => {
  it.each([
    [
      'request to http://127.0.0.1:9/ failed, reason: connect ECONNREFUSED 127.0.0.1:9',
      'retryable',
      'Network.Refused',
    ],
    [
      'request to https://sms.tencentcloudapi.com/ failed, reason: getaddrinfo ENOTFOUND sms.tencentcloudapi.com',
      'retryable',
      'Network.DnsFailure',
    ],
    [
      'request to https://sms.tencentcloudapi.com/ failed, reason: getaddrinfo EAI_AGAIN sms.tencentcloudapi.com',
      'retryable',
      'Network.DnsFailure',
    ],
    [
      'request to https://x/ failed, reason: connect ETIMEDOUT 1.2.3.4:443',
      'retryable',
      'Network.Refused',
    ],
    [
      'request to https://x/ failed, reason: connect EHOSTUNREACH 1.2.3.4:443',
      'retryable',
      'Network.Refused',
    ],
    ['network timeout at: http://127.0.0.1:5000/', 'unknown', 'Network.Timeout'],
    [
      'request to http://127.0.0.1:5000/ failed, reason: socket hang up',
      'unknown',
      'Network.Reset',
    ],
    [
      'request to http://127.0.0.1:5000/ failed, reason: read ECONNRESET',
      'unknown',
      'Network.Reset',
    ],
    ['The user aborted a request.', 'unknown', 'Aborted'],
    [
      'request to https://x/ failed, reason: unable to verify the first certificate',
      'unknown',
      'Network.Error',
    ],
  ])('%s', (message, failure, code) => {
    expect(classifySdkError(networkError(message))).toEqual({ failure, code, message });
  });

  it('a non-JSON 200 body (raw FetchError invalid-json) is unknown', () => {
    const e = new FetchError(
      'invalid json response body at http://127.0.0.1:5000/ reason: Unexpected token <',
      'invalid-json',
    );
    expect(classifySdkError(e)).toMatchObject({ failure: 'unknown', code: 'Network.BadResponse' });
  });

  it('a 200 JSON without Response (raw TypeError) is unknown', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'Error')");
    expect(classifySdkError(e)).toMatchObject({ failure: 'unknown', code: 'Network.BadResponse' });
  });

  it('a raw system error with an errno code is not mistaken for an API code', () => {
    const e = new FetchError(
      'Invalid response body while trying to fetch http://x/: read ECONNRESET',
      'system',
      { code: 'ECONNRESET' },
    );
    expect((e as { code?: string }).code).toBe('ECONNRESET');
    expect(classifySdkError(e)).toMatchObject({ failure: 'unknown', code: 'Network.Reset' });
  });

  it('a body timeout is unknown', () => {
    const e = new FetchError(
      'Response timeout while trying to fetch http://x/ (over 50ms)',
      'body-timeout',
    );
    expect(classifySdkError(e)).toMatchObject({ failure: 'unknown', code: 'Network.Timeout' });
  });

  it('anything thrown that is not an Error still classifies', () => {
    expect(classifySdkError('boom')).toMatchObject({ failure: 'unknown', code: 'Network.Error' });
    expect(classifySdkError(undefined).failure).toBe('unknown');
  });
});

describe('numberOutcome', () => {
  it('maps per-number codes', () => {
    expect(numberOutcome('Ok')).toBe('sent');
    expect(numberOutcome('InternalError.Timeout')).toBe('unknown');
    expect(numberOutcome('InternalError.SendAndRecvFail')).toBe('unknown');
    expect(numberOutcome('LimitExceeded.PhoneNumberDailyLimit')).toBe('failed');
    expect(numberOutcome('InvalidParameterValue.IncorrectPhoneNumber')).toBe('failed');
    expect(numberOutcome('Something.New')).toBe('failed');
  });
});

describe('redact', () => {
  it('removes every occurrence of a secret', () => {
    expect(redact('key=abcd1234 and abcd1234', ['abcd1234'])).toBe('key=*** and ***');
    expect(redact('short', ['ab'])).toBe('short');
  });
});
