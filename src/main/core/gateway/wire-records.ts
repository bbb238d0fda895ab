import type { SendStatus } from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_models';
import { TRANSPORT_CODES } from '../../../shared/tencent-errors';
import { numberOutcome } from './classify';
import type { NumberResult, SendRequest, SignInfo } from './types';

/** How Tencent's answers read as our types: review states, times, and per-number results. */

export const statusOf = (code: number | undefined): SignInfo['status'] => {
  switch (code) {
    case 0:
      return 'approved';
    case 1:
      return 'reviewing';
    case 2:
      return 'pending';
    default:
      return 'rejected';
  }
};

export const secondsToMs = (s: number | undefined): number =>
  typeof s === 'number' ? s * 1000 : 0;
export const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Pairs each requested number with its SendStatus. Tencent answers in E.164, so a number we sent
 * in another form still matches by its digits; leftovers pair up in order. A number with no
 * status at all is `unknown`: the request was processed, but we cannot tell what happened to it.
 */
export function matchStatuses(req: SendRequest, set: SendStatus[]): NumberResult[] {
  const digits = (p: string) => p.replace(/\D/g, '').replace(/^(00)?86(?=1\d{10}$)/, '');
  const used: boolean[] = new Array<boolean>(set.length).fill(false);
  let left = set.length;
  const take = (i: number): SendStatus => {
    used[i] = true;
    left--;
    return set[i]!;
  };
  const pick = (phone: string, at: number): SendStatus | undefined => {
    // Tencent answers in the order it was asked: a number found at its own position costs no
    // search, so a 200-number answer is matched in one pass.
    if (!used[at] && set[at]?.PhoneNumber === phone) return take(at);
    for (let i = 0; i < set.length; i++) {
      if (!used[i] && set[i]!.PhoneNumber === phone) return take(i);
    }
    const d = digits(phone);
    for (let i = 0; i < set.length; i++) {
      if (!used[i] && digits(set[i]!.PhoneNumber ?? '') === d) return take(i);
    }
    return undefined;
  };
  const found = req.phones.map((p, i) => pick(p, i));
  return req.phones.map((phone, i) => {
    let s = found[i];
    if (!s && left > 0) {
      // PhoneNumber missing or unrecognisable: fall back to request order.
      s = take(used.indexOf(false));
    }
    if (!s) {
      return {
        phone,
        outcome: 'unknown',
        code: TRANSPORT_CODES.badResponse,
        message: 'no status for this number in the response',
        serialNo: '',
        fee: 0,
        sessionContext: req.sessionContext ?? '',
      };
    }
    const code = s.Code ?? '';
    return {
      phone,
      outcome: code === '' ? 'unknown' : numberOutcome(code),
      code: code === '' ? TRANSPORT_CODES.badResponse : code,
      message: s.Message ?? '',
      serialNo: s.SerialNo ?? '',
      fee: typeof s.Fee === 'number' ? s.Fee : 0,
      sessionContext: s.SessionContext ?? '',
    };
  });
}
