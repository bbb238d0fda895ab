import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** TC3-HMAC-SHA256 as Tencent Cloud API 3.0 documents it (reference §6). */

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export interface Tc3SignInput {
  secretId: string;
  secretKey: string;
  /** Credential-scope service; the SDK uses the first label of the endpoint. */
  service: string;
  /** Unix seconds (X-TC-Timestamp). */
  timestamp: number;
  method?: string;
  path?: string;
  query?: string;
  /** The headers to sign, name → value (names are lowercased and sorted here). */
  headers: Record<string, string>;
  /** The exact body bytes sent on the wire. */
  body: string | Buffer;
}

export interface Tc3SignResult {
  authorization: string;
  signature: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
  date: string;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, msg: string): Buffer {
  return createHmac('sha256', key).update(msg, 'utf8').digest();
}

/** UTC date of a unix-seconds timestamp: the scope date is never local time. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

function canonicalHeaders(headers: Record<string, string>): { canonical: string; signed: string } {
  const entries = Object.entries(headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    canonical: entries.map(([k, v]) => `${k}:${v}\n`).join(''),
    signed: entries.map(([k]) => k).join(';'),
  };
}

function computeSignature(
  secretKey: string,
  date: string,
  service: string,
  stringToSign: string,
): string {
  const secretDate = hmac(`TC3${secretKey}`, date);
  const secretService = hmac(secretDate, service);
  const secretSigning = hmac(secretService, 'tc3_request');
  return createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
}

export function tc3Sign(input: Tc3SignInput): Tc3SignResult {
  const date = tc3Date(input.timestamp);
  const { canonical, signed } = canonicalHeaders(input.headers);
  const canonicalRequest = [
    (input.method ?? 'POST').toUpperCase(),
    input.path ?? '/',
    input.query ?? '',
    canonical,
    signed,
    sha256Hex(input.body),
  ].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [
    TC3_ALGORITHM,
    String(input.timestamp),
    scope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const signature = computeSignature(input.secretKey, date, input.service, stringToSign);
  return {
    authorization: `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
    signature,
    signedHeaders: signed,
    canonicalRequest,
    stringToSign,
    date,
  };
}

export interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header) return null;
  const m =
    /^TC3-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s,]+)\/tc3_request\s*,\s*SignedHeaders=([a-z0-9;_-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/i.exec(
      header.trim(),
    );
  if (!m) return null;
  const [, secretId, date, service, signed, signature] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const signedHeaders = signed.toLowerCase().split(';').filter(Boolean);
  if (signedHeaders.length === 0) return null;
  return { secretId, date, service, signedHeaders, signature: signature.toLowerCase() };
}

export type Tc3VerifyCode =
  | 'AuthFailure.InvalidAuthorization'
  | 'AuthFailure.SignatureExpire'
  | 'AuthFailure.SecretIdNotFound'
  | 'AuthFailure.SignatureFailure';

export type Tc3VerifyResult =
  { ok: true; secretId: string } | { ok: false; code: Tc3VerifyCode; message: string };

export interface Tc3VerifyInput {
  method: string;
  path: string;
  query?: string;
  /** Incoming headers as Node gives them (lowercase names). */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Real time in unix seconds: the 300 s skew rule is against the wall clock. */
  nowSeconds: number;
  /** The key for a usable SecretId, or undefined when unknown or disabled. */
  lookupSecretKey: (secretId: string) => string | undefined;
  maxSkewSeconds?: number;
}

function headerValue(h: Tc3VerifyInput['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function safeEqualHex(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/**
 * Verifies a request the way Tencent does: over the raw body bytes, with the service from the
 * credential scope and whatever SignedHeaders lists. The SDK signs the host without the port but
 * sends it with one, so both forms of `host` are tried.
 */
export function tc3Verify(input: Tc3VerifyInput): Tc3VerifyResult {
  const auth = parseAuthorization(headerValue(input.headers, 'authorization'));
  if (!auth) {
    return {
      ok: false,
      code: 'AuthFailure.InvalidAuthorization',
      message: 'Authorization header is malformed or not TC3-HMAC-SHA256.',
    };
  }
  const tsRaw = headerValue(input.headers, 'x-tc-timestamp');
  if (!tsRaw || !/^\d+$/.test(tsRaw.trim())) {
    return {
      ok: false,
      code: 'AuthFailure.InvalidAuthorization',
      message: 'X-TC-Timestamp is missing or not unix seconds.',
    };
  }
  const timestamp = Number(tsRaw.trim());
  const maxSkew = input.maxSkewSeconds ?? 300;
  if (Math.abs(input.nowSeconds - timestamp) > maxSkew) {
    return {
      ok: false,
      code: 'AuthFailure.SignatureExpire',
      message: `Signature expired: timestamp ${timestamp} is more than ${maxSkew} s from server time ${input.nowSeconds}.`,
    };
  }
  const secretKey = input.lookupSecretKey(auth.secretId);
  if (secretKey === undefined) {
    return {
      ok: false,
      code: 'AuthFailure.SecretIdNotFound',
      message: 'The SecretId is not found or has been disabled.',
    };
  }
  const signedValues: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = headerValue(input.headers, name);
    if (v === undefined) {
      return {
        ok: false,
        code: 'AuthFailure.SignatureFailure',
        message: `Signed header ${name} is missing from the request.`,
      };
    }
    signedValues[name] = v;
  }
  const hostCandidates: (string | undefined)[] = [undefined];
  const host = signedValues.host;
  if (host !== undefined) {
    const withoutPort = host.replace(/:\d+$/, '');
    if (withoutPort !== host) hostCandidates.push(withoutPort);
  }
  if (auth.date === tc3Date(timestamp)) {
    for (const hostOverride of hostCandidates) {
      const headers = hostOverride ? { ...signedValues, host: hostOverride } : signedValues;
      const { signature } = tc3Sign({
        secretId: auth.secretId,
        secretKey,
        service: auth.service,
        timestamp,
        method: input.method,
        path: input.path,
        query: input.query ?? '',
        headers,
        body: input.body,
      });
      if (safeEqualHex(signature, auth.signature)) return { ok: true, secretId: auth.secretId };
    }
  }
  return {
    ok: false,
    code: 'AuthFailure.SignatureFailure',
    message:
      'The provided credentials could not be validated. Please check your signature is correct.',
  };
}
