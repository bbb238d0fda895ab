import { createHash, timingSafeEqual } from 'node:crypto';
import { replyActions } from './replies';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { legacyCodeFor } from '../../../shared/tencent-legacy-codes';
import { applyFaults, type FaultPorts } from './fault-response';
import { sendJson } from './http-io';
import type { ProfileAccount } from './profile';
import { sendSms, type SendStatusEntry } from './send-sms';
import type { ApiOutcome, EmulatorState } from './state';

/**
 * The legacy App Key API (qcloudsms, reference §8) on the emulator's port: `sendsms`,
 * `sendmultisms2`, `pullstatus` and `pullstatus4mobile` under `/v5/tlssmssvr/`. Each request
 * is checked for `sig`, then translated into the API 3.0 action and run by the same code
 * (`sendSms`, the pull actions), so rules, billing, receipts and `/__emulator/sent` are shared;
 * API 3.0 codes come back as their legacy numbers (`legacyCodeFor`).
 */

export const LEGACY_PREFIX = '/v5/tlssmssvr/';

/** An API 3.0 action of the emulator (see server.ts), run for a legacy pull. */
type ApiAction = (state: EmulatorState, account: ProfileAccount, body: Body) => ApiOutcome;

export interface LegacyDeps extends FaultPorts {
  state: EmulatorState;
  /** PullSmsSendStatusByPhoneNumber and PullSmsSendStatus, reused for the legacy pulls. */
  pullByPhone: ApiAction;
  pullQueue: ApiAction;
  /** Tencent's wall clock for the 10-minute `time` rule (never the shifted business clock). */
  wallClock(): number;
  onRequest?: ((r: { headers: IncomingHttpHeaders; body: Buffer }) => void) | undefined;
}

type Body = Record<string, unknown>;
type Tel = { nationcode: string; mobile: string };

const MAX_SKEW_S = 600;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const fail = (result: number, errmsg: string, ext?: string): Body => ({
  result,
  errmsg,
  ...(ext !== undefined ? { ext } : {}),
});

/** The emulator's own check of `sig`, written apart from the gateway's so neither hides a bug of the other. */
export function legacySigMatches(
  sig: string,
  appKey: string,
  random: string,
  time: number,
  mobiles?: string[],
): boolean {
  const parts = [`appkey=${appKey}`, `random=${random}`, `time=${time}`];
  if (mobiles) parts.push(`mobile=${mobiles.join(',')}`);
  const want = createHash('sha256').update(parts.join('&')).digest();
  const got = Buffer.from(sig, 'hex');
  return /^[0-9a-fA-F]{64}$/.test(sig) && got.length === want.length && timingSafeEqual(got, want);
}

function isTel(v: unknown): v is Tel {
  const t = v as Tel | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.nationcode === 'string' &&
    typeof t.mobile === 'string'
  );
}

/** "2026-11-27 10:00:05" in Beijing time, as the legacy pull reports receive times. */
function beijingTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000 + SHANGHAI_OFFSET_MS)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
}

/** Authentication and the account checks every legacy route shares; a legacy error or the account. */
function authenticate(
  d: LegacyDeps,
  query: URLSearchParams,
  body: Body,
  mobiles: string[] | undefined,
): { account: ProfileAccount } | { error: Body } {
  const appId = query.get('sdkappid') ?? '';
  const random = query.get('random') ?? '';
  const account = d.state.profile.accounts.find((a) => a.sdkAppId === appId);
  if (!account) return { error: fail(1019, 'sdkappid not exist') };
  if (account.disabled) return { error: fail(1020, 'sdkappid is disabled') };
  if (typeof body.sig !== 'string' || body.sig === '')
    return { error: fail(1003, 'sig field is missing') };
  if (typeof body.time !== 'number' || !Number.isInteger(body.time)) {
    return { error: fail(1004, 'time must be unix seconds') };
  }
  if (Math.abs(Math.floor(d.wallClock() / 1000) - body.time) > MAX_SKEW_S) {
    return { error: fail(1021, 'request time differs from server time by more than 10 minutes') };
  }
  if (!account.appKey || !legacySigMatches(body.sig, account.appKey, random, body.time, mobiles)) {
    return { error: fail(1001, 'sig verification failed') };
  }
  if (account.ipNotInWhitelist) return { error: fail(1009, 'request ip is not in the whitelist') };
  return { account };
}

function legacyOf(outcome: ApiOutcome & { ok: false }, ext?: string): Body {
  return fail(legacyCodeFor(outcome.code), outcome.message, ext);
}

function detailOf(entry: SendStatusEntry, tel: Tel): Body {
  const ok = entry.Code === 'Ok';
  return {
    result: legacyCodeFor(entry.Code),
    errmsg: ok ? 'OK' : entry.Message,
    mobile: tel.mobile,
    nationcode: tel.nationcode,
    sid: entry.SerialNo,
    fee: entry.Fee,
  };
}

function send(
  d: LegacyDeps,
  single: boolean,
  query: URLSearchParams,
  body: Body,
  internalTimeout: boolean,
): Body {
  const tels = single ? [body.tel] : body.tel;
  if (!Array.isArray(tels) || !tels.every(isTel)) return fail(1004, 'tel is malformed');
  const ext = typeof body.ext === 'string' ? body.ext : '';
  const auth = authenticate(
    d,
    query,
    body,
    tels.map((t) => t.mobile),
  );
  if ('error' in auth) return { ...auth.error, ext };
  const who = auth.account;
  if (typeof body.tpl_id !== 'number' || !Number.isInteger(body.tpl_id)) {
    return fail(1004, 'tpl_id must be an integer', ext);
  }
  const outcome = sendSms(
    d.state,
    who,
    {
      PhoneNumberSet: tels.map((t) => `+${t.nationcode}${t.mobile}`),
      SmsSdkAppId: who.sdkAppId,
      TemplateId: String(body.tpl_id),
      SignName: typeof body.sign === 'string' ? body.sign : undefined,
      TemplateParamSet: body.params ?? [],
      SessionContext: ext,
    },
    { internalTimeout, api: 'legacy' },
  );
  if (!outcome.ok) return legacyOf(outcome, ext);
  const set = outcome.data.SendStatusSet as SendStatusEntry[];
  if (single) {
    const { mobile: _m, nationcode: _n, ...one } = detailOf(set[0]!, tels[0]!);
    return { ...one, ext };
  }
  return { result: 0, errmsg: 'OK', ext, detail: set.map((e, i) => detailOf(e, tels[i]!)) };
}

function receiptOf(r: Record<string, unknown>): Body {
  return {
    user_receive_time: beijingTime(Number(r.UserReceiveTime)),
    nationcode: r.CountryCode,
    mobile: r.SubscriberNumber,
    report_status: r.ReportStatus,
    errmsg: r.Description,
    description: r.ReportStatus === 'SUCCESS' ? '用户短信送达成功' : '用户短信未送达',
    sid: r.SerialNo,
    // Not in Tencent's published samples; the emulator echoes `ext` so clients can match rows.
    ext: r.SessionContext,
  };
}

function pull(d: LegacyDeps, byMobile: boolean, query: URLSearchParams, body: Body): Body {
  const auth = authenticate(d, query, body, undefined);
  if ('error' in auth) return auth.error;
  const who = auth.account;
  if (body.type !== 0 && body.type !== 1) return fail(1004, 'type must be 0 or 1');
  const max = body.max;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 100) {
    return fail(1004, 'max must be 1..100');
  }
  if (byMobile && (typeof body.mobile !== 'string' || typeof body.nationcode !== 'string')) {
    return fail(1004, 'nationcode and mobile are required');
  }
  const replies = body.type === 1;
  let outcome: ApiOutcome;
  if (byMobile) {
    const action = replies ? replyActions.PullSmsReplyStatusByPhoneNumber! : d.pullByPhone;
    outcome = action(d.state, who, {
      SmsSdkAppId: who.sdkAppId,
      PhoneNumber: `+${String(body.nationcode)}${String(body.mobile)}`,
      BeginTime: body.begin_time,
      EndTime: body.end_time,
      Offset: 0,
      Limit: max,
    });
  } else {
    const action = replies ? replyActions.PullSmsReplyStatus! : d.pullQueue;
    outcome = action(d.state, who, { SmsSdkAppId: who.sdkAppId, Limit: max });
  }
  if (!outcome.ok) return legacyOf(outcome);
  const set = replies
    ? (outcome.data.PullSmsReplyStatusSet as Body[]).map(replyOf)
    : (outcome.data.PullSmsSendStatusSet as Body[]).map(receiptOf);
  return { result: 0, errmsg: 'OK', count: set.length, data: set };
}

/** A reply as the legacy pull reports it (qcloudsms SmsStatusPullReplyResult). */
function replyOf(r: Body): Body {
  return {
    nationcode: r.CountryCode,
    mobile: r.SubscriberNumber,
    text: r.ReplyContent,
    sign: r.SignName,
    time: r.ReplyTime,
    extend: r.ExtendCode,
  };
}

const SEND_OPS = new Set(['sendsms', 'sendmultisms2']);

export async function handleLegacy(
  d: LegacyDeps,
  req: IncomingMessage,
  res: ServerResponse,
  op: string,
  raw: Buffer,
): Promise<void> {
  d.onRequest?.({ headers: req.headers, body: raw });
  const query = new URL(req.url ?? '/', 'http://emulator').searchParams;
  const isSend = SEND_OPS.has(op);
  const fault = await applyFaults(d, isSend, res, () => {
    // The legacy API has no rate-limit code of its own: the front end turns the request away.
    res.writeHead(429, { 'Content-Type': 'text/plain' });
    res.end('Too Many Requests');
  });
  if (!fault) return;
  if (req.method !== 'POST') return sendJson(res, 200, fail(1011, 'POST only'));
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return sendJson(res, 200, fail(1004, 'request body is not valid JSON'));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sendJson(res, 200, fail(1004, 'request body must be a JSON object'));
  }
  const b = body as Body;
  let answer: Body;
  if (op === 'sendsms' || op === 'sendmultisms2') {
    answer = send(d, op === 'sendsms', query, b, fault.kind === 'internalTimeout');
  } else if (op === 'pullstatus' || op === 'pullstatus4mobile') {
    answer = pull(d, op === 'pullstatus4mobile', query, b);
  } else {
    answer = fail(1011, `no such REST API: ${op}`);
  }
  if (fault.kind === 'acceptThenDrop') {
    req.socket.destroy();
    return;
  }
  sendJson(res, 200, answer);
}
