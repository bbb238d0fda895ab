import { describe, expect, it } from 'vitest';
import { parseAuthorization, tc3Sign, tc3Verify } from '../../../../../src/main/core/emulator/tc3';

// Official vectors from the TC3 documentation (reference §6); the body keeps its literal \u escapes.
const BODY =
  '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const BASE = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  service: 'cvm',
  timestamp: 1551113065,
  body: BODY,
};

describe('tc3Sign', () => {
  it('reproduces vector A (content-type;host)', () => {
    const r = tc3Sign({
      ...BASE,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Host: 'cvm.tencentcloudapi.com',
      },
    });
    expect(r.date).toBe('2019-02-25');
    expect(r.signedHeaders).toBe('content-type;host');
    expect(r.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(r.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('reproduces vector B (content-type;host;x-tc-action, lowercased value)', () => {
    const r = tc3Sign({
      ...BASE,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Host: 'cvm.tencentcloudapi.com',
        'X-TC-Action': 'DescribeInstances',
      },
    });
    expect(r.signedHeaders).toBe('content-type;host;x-tc-action');
    expect(r.canonicalRequest).toContain('x-tc-action:describeinstances\n');
    expect(r.signature).toBe('be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3');
  });

  it('the masked key of vector A gives the documented different signature', () => {
    const r = tc3Sign({
      ...BASE,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        host: 'cvm.tencentcloudapi.com',
      },
    });
    expect(r.signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
  });
});

describe('tc3Verify', () => {
  const secretId = 'AKIDtest';
  const secretKey = 'keykeykey';
  const now = 1_800_000_000;
  const body = Buffer.from('{"PhoneNumberSet":["+8613800138000"]}');

  function signed(opts: {
    key?: string;
    ts?: number;
    signHost?: string;
    service?: string;
    extra?: Record<string, string>;
  }) {
    const ts = opts.ts ?? now;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      host: opts.signHost ?? '127.0.0.1',
      ...opts.extra,
    };
    const { authorization } = tc3Sign({
      secretId,
      secretKey: opts.key ?? secretKey,
      service: opts.service ?? '127',
      timestamp: ts,
      headers,
      body,
    });
    return {
      authorization,
      'x-tc-timestamp': String(ts),
      'content-type': 'application/json',
      host: '127.0.0.1:8080',
      ...Object.fromEntries(Object.entries(opts.extra ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
  }

  const verify = (headers: Record<string, string>, b: Buffer = body, lookup = secretKey) =>
    tc3Verify({
      method: 'POST',
      path: '/',
      headers,
      body: b,
      nowSeconds: now,
      lookupSecretKey: (id) => (id === secretId ? lookup : undefined),
    });

  it('accepts host signed without the port (what the SDK does) and with it', () => {
    expect(verify(signed({}))).toEqual({ ok: true, secretId });
    expect(verify(signed({ signHost: '127.0.0.1:8080' }))).toEqual({ ok: true, secretId });
  });

  it('takes the service from the credential scope and honours extra signed headers', () => {
    const h = signed({ service: 'sms', extra: { 'X-TC-Action': 'SendSms' } });
    expect(verify(h).ok).toBe(true);
    expect(verify({ ...h, 'x-tc-action': 'PullSmsSendStatus' })).toMatchObject({
      ok: false,
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('rejects a wrong key and a tampered body', () => {
    expect(verify(signed({ key: 'other' }))).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
    expect(verify(signed({}), Buffer.from('{"PhoneNumberSet":["+8613800138001"]}'))).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('rejects more than 300 s of skew either way, accepts exactly 300', () => {
    expect(verify(signed({ ts: now - 301 }))).toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
    expect(verify(signed({ ts: now + 301 }))).toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
    expect(verify(signed({ ts: now - 300 })).ok).toBe(true);
  });

  it('reports an unknown SecretId and a malformed header', () => {
    const h = signed({});
    expect(
      verify({ ...h, authorization: h.authorization.replace(secretId, 'AKIDnope') }),
    ).toMatchObject({ code: 'AuthFailure.SecretIdNotFound' });
    expect(verify({ ...h, authorization: 'Bearer abc' })).toMatchObject({
      code: 'AuthFailure.InvalidAuthorization',
    });
    const { authorization: _a, ...noAuth } = h;
    expect(verify(noAuth)).toMatchObject({ code: 'AuthFailure.InvalidAuthorization' });
  });

  it('parses the Authorization header parts', () => {
    expect(
      parseAuthorization(
        'TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=' +
          'a'.repeat(64),
      ),
    ).toEqual({
      secretId: 'AKIDx',
      date: '2019-02-25',
      service: 'cvm',
      signedHeaders: ['content-type', 'host'],
      signature: 'a'.repeat(64),
    });
  });
});
