import { describeTencentCode, TRANSPORT_CODES } from '../../../../shared/tencent-errors';
import { legacyCatalogCode } from '../../../../shared/tencent-legacy-codes';
import { numberOutcome } from '../classify';
import type { NumberResult } from '../types';

/**
 * A legacy result, read through the catalog. `request`: the code is about the request or the
 * account (signature, App ID, IP, clock, permission), so no number of it was looked at; the
 * rest are per-number outcomes, whichever level the legacy API reported them on.
 */
export interface LegacyCode {
  code: string;
  request: boolean;
}

const REQUEST_CATEGORIES = new Set(['auth', 'permission', 'config', 'clock', 'param']);

export function readLegacyCode(result: unknown): LegacyCode | null {
  if (typeof result !== 'number' || !Number.isInteger(result)) return null;
  const code = legacyCatalogCode(result);
  if (code === 'Ok') return { code, request: false };
  const entry = describeTencentCode(code);
  return { code, request: REQUEST_CATEGORIES.has(entry.category) };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * One number's legacy answer (`{result, errmsg, sid, fee}`) as the outbox's NumberResult. The
 * legacy code and errmsg stay in `message` for the logs and for support.
 */
export function numberResult(
  phone: string,
  answer: Record<string, unknown> | undefined,
  sessionContext: string,
): NumberResult {
  const read = answer ? readLegacyCode(answer.result) : null;
  if (!answer || !read) {
    return {
      phone,
      outcome: 'unknown',
      code: TRANSPORT_CODES.badResponse,
      message: 'no readable result for this number in the response',
      serialNo: '',
      fee: 0,
      sessionContext,
    };
  }
  const ok = read.code === 'Ok';
  return {
    phone,
    outcome: numberOutcome(read.code),
    code: read.code,
    message: ok ? str(answer.errmsg) || 'OK' : `${String(answer.result)} ${str(answer.errmsg)}`,
    serialNo: ok ? str(answer.sid) : '',
    fee: ok ? num(answer.fee) : 0,
    sessionContext: typeof answer.ext === 'string' ? answer.ext : sessionContext,
  };
}
