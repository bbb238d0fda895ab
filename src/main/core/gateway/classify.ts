import { describeTencentCode, TRANSPORT_CODES } from '../../../shared/tencent-errors';
import type { FailureClass, Outcome } from './types';

/**
 * Turns whatever the Tencent SDK rejects with into a typed failure. Pure: tests build the SDK's
 * exceptions by hand. The rule that matters most: only call something `retryable` when we know
 * the request was not processed, because a retried SendSms that had been processed bills twice
 * and messages the customer twice.
 */

export interface ClassifiedFailure {
  failure: FailureClass;
  code: string;
  message: string;
  /** Tencent's RequestId when the server answered with an error (quote it to support). */
  requestId?: string;
}

/** The fields the SDK's TencentCloudSDKHttpException carries (the class itself is not exported). */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  httpCode?: unknown;
  type?: unknown;
  requestId?: unknown;
}

const asShape = (e: unknown): SdkErrorShape =>
  typeof e === 'object' && e !== null ? (e as SdkErrorShape) : { message: String(e) };

/** How an API error code (the server answered) classifies a whole request. */
export function classifyApiCode(code: string): FailureClass {
  switch (describeTencentCode(code).retry) {
    case 'safe':
    case 'wait':
      // The server answered with an error, so nothing was sent; `wait` codes only need the
      // caller to respect the window, which it reads from the catalog.
      return 'retryable';
    case 'unsafe':
      return 'unknown';
    case 'never':
      return 'permanent';
  }
}

/** The outcome of one number in SendStatusSet. */
export function numberOutcome(code: string): Outcome {
  if (code === 'Ok') return 'sent';
  // InternalError.Timeout / SendAndRecvFail: Tencent itself does not know whether it went out.
  return describeTencentCode(code).retry === 'unsafe' ? 'unknown' : 'failed';
}

/** Connection could not be opened: no byte of the request reached the server. */
const NOT_CONNECTED =
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b|connect ETIMEDOUT/;
const DNS = /\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)\b/;
/** The connection broke after the request may have been written. */
const RESET = /socket hang up|ECONNRESET|EPIPE|Premature close|ECONNABORTED/i;
const TIMEOUT = /network timeout at|Response timeout while trying to fetch|ETIMEDOUT/;
const ABORTED = /aborted/i;

/**
 * HTTP status from something in front of the API (Tencent answers API errors with 200).
 * 502 / 504 mean a proxy forwarded the request and lost the upstream's answer, so the API may
 * have processed it. Every other status (503 above all, 429, 500, 4xx) means the front end
 * turned the request away before the API handled it: nothing was sent, retry is safe.
 */
export function classifyHttpStatus(status: number): ClassifiedFailure {
  if (status === 502 || status === 504) {
    return {
      failure: 'unknown',
      code: TRANSPORT_CODES.httpUpstreamLost,
      message: `HTTP ${status} from a gateway in front of the API: the request may have been processed`,
    };
  }
  return {
    failure: 'retryable',
    code: status >= 500 ? TRANSPORT_CODES.http5xx : TRANSPORT_CODES.http4xx,
    message: `HTTP ${status}: the request was turned away before it was processed`,
  };
}

/**
 * Classifies an exception from `client.request(...)`.
 * - `code` set: an API error response (HTTP 200 + Response.Error) → by the catalog.
 * - `httpCode` set: a non-200 status → `classifyHttpStatus`.
 * - Neither: a network failure wrapped by the SDK (message only), or a raw node-fetch FetchError /
 *   TypeError escaping from body parsing (bad 200 body) → by message, conservatively.
 */
export function classifySdkError(err: unknown): ClassifiedFailure {
  const e = asShape(err);
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.code === 'string' && e.code !== '' && !/^E[A-Z_]+$/.test(e.code)) {
    const c: ClassifiedFailure = { failure: classifyApiCode(e.code), code: e.code, message };
    if (typeof e.requestId === 'string' && e.requestId !== '') c.requestId = e.requestId;
    return c;
  }
  if (typeof e.httpCode === 'number' && e.httpCode !== 200) {
    return classifyHttpStatus(e.httpCode);
  }
  // Raw node-fetch errors from reading the 200 body: the request was processed or not, we
  // cannot tell.
  if (e.type === 'invalid-json' || e.name === 'TypeError' || err instanceof SyntaxError) {
    return {
      failure: 'unknown',
      code: TRANSPORT_CODES.badResponse,
      message: `unreadable response: ${message}`,
    };
  }
  if (e.type === 'body-timeout') {
    return { failure: 'unknown', code: TRANSPORT_CODES.timeout, message };
  }
  if (NOT_CONNECTED.test(message)) {
    return {
      failure: 'retryable',
      code: DNS.test(message) ? TRANSPORT_CODES.dns : TRANSPORT_CODES.refused,
      message,
    };
  }
  if (RESET.test(message)) return { failure: 'unknown', code: TRANSPORT_CODES.reset, message };
  if (TIMEOUT.test(message)) return { failure: 'unknown', code: TRANSPORT_CODES.timeout, message };
  if (e.name === 'AbortError' || ABORTED.test(message)) {
    return { failure: 'unknown', code: TRANSPORT_CODES.aborted, message };
  }
  // Anything else (TLS trouble, a bug in the SDK): we do not know how far the request got.
  return { failure: 'unknown', code: TRANSPORT_CODES.network, message };
}

/** Replaces every secret in a message so it can be returned or logged. */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
