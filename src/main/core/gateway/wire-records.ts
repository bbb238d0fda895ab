import type { SendStatus } from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_models';
import { TRANSPORT_CODES } from '../../../shared/tencent-errors';
import { numberOutcome } from './classify';
import { pairByPhone } from './pair-by-phone';
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
  const paired = pairByPhone(req.phones, set, (s) => s.PhoneNumber, digits);
  return req.phones.map((phone, i) => {
    const s = paired[i];
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
