import { checkApp, byNumberArgs, limitArg } from './actions';
import { parseNumber } from './phone';
import type { Action, EmulatorState, StoredReply } from './state';

/**
 * Customer replies: PullSmsReplyStatus hands each reply out once (queue mode, like receipts);
 * PullSmsReplyStatusByPhoneNumber reads a number's replies by time window without consuming
 * them. Replies come in through `/__emulator/replies` (see `injectReply`).
 */

function wire(r: StoredReply): Record<string, unknown> {
  return {
    ExtendCode: r.extendCode,
    CountryCode: r.countryCode,
    PhoneNumber: r.phone,
    SignName: r.sign,
    ReplyContent: r.text,
    ReplyTime: Math.floor(r.at / 1000),
    SubscriberNumber: r.subscriber,
  };
}

const pullSmsReplyStatus: Action = (state, account, body) => {
  const bad = checkApp(state, account, body.SmsSdkAppId);
  if (bad) return bad;
  const limit = limitArg(body, 100, true, 0);
  if (typeof limit !== 'number') return limit;
  const now = state.now();
  const ready = state.replies
    .filter((r) => r.sdkAppId === body.SmsSdkAppId && !r.pulled && r.at <= now)
    .sort((a, b) => a.at - b.at)
    .slice(0, limit);
  for (const r of ready) r.pulled = true;
  return { ok: true, data: { PullSmsReplyStatusSet: ready.map(wire) } };
};

const pullSmsReplyStatusByPhoneNumber: Action = (state, account, body) => {
  const args = byNumberArgs(state, account, body);
  if ('ok' in args) return args;
  const now = state.now();
  const found = state.replies.filter(
    (r) =>
      r.sdkAppId === body.SmsSdkAppId &&
      r.phone === args.phone &&
      r.at <= now &&
      r.at >= args.beginS * 1000 &&
      r.at <= args.endS * 1000 + 999,
  );
  return {
    ok: true,
    data: { PullSmsReplyStatusSet: found.slice(args.offset, args.offset + args.limit).map(wire) },
  };
};

export const replyActions: Record<string, Action> = {
  PullSmsReplyStatus: pullSmsReplyStatus,
  PullSmsReplyStatusByPhoneNumber: pullSmsReplyStatusByPhoneNumber,
};

export interface ReplyInput {
  phone: string;
  text: string;
  sign?: string | undefined;
  /** Business-clock ms; default now. */
  at?: number | undefined;
  extendCode?: string | undefined;
  sdkAppId?: string | undefined;
}

/** Stores a customer's reply as Tencent would receive it; the text is kept exactly as given. */
export function injectReply(state: EmulatorState, r: ReplyInput): StoredReply {
  const p = parseNumber(r.phone);
  const reply: StoredReply = {
    sdkAppId: r.sdkAppId ?? state.profile.accounts[0]!.sdkAppId,
    phone: p.e164,
    countryCode: !p.valid ? '' : p.kind === 'mainland' ? '86' : p.countryCode,
    subscriber: p.valid ? p.subscriber : '',
    text: r.text,
    sign: r.sign ?? state.profile.signs[0]?.signName ?? '',
    extendCode: r.extendCode ?? '',
    at: r.at ?? state.now(),
    pulled: false,
  };
  state.replies.push(reply);
  return reply;
}
