import { TRANSPORT_CODES } from '../../../shared/tencent-errors';
import { LEGACY_UNSUPPORTED } from '../../../shared/tencent-legacy-codes';
import type { Logger } from '../kernel/log';
import { CallLifecycle, LifecycleGateway, type CallOutcome } from './call-lifecycle';
import { classifyApiCode } from './classify';
import { LegacyClient, LEGACY_DEFAULT_ENDPOINT } from './legacy/client';
import { numberResult, readLegacyCode } from './legacy/codes';
import { pairByPhone } from './pair-by-phone';
import { beijingTimeMs, e164Of, telOf } from './legacy/tel';
import type { InboundGateway, ReplyRecord } from './inbound-types';
import type {
  FailureClass,
  GatewayCallResult,
  SendRecord,
  SendRequest,
  SendResult,
  SignInfo,
  SmsGateway,
  StatusRecord,
  TemplateInfo,
} from './types';

export { LEGACY_DEFAULT_ENDPOINT };
export const LEGACY_DEFAULT_TIMEOUT_MS = 30_000;
/** pullstatus4mobile hands out at most 100 items per call. */
const PULL_MAX = 100;

export interface LegacyGatewayOptions {
  sdkAppId: string;
  appKey: string;
  endpoint?: string;
  timeoutMs?: number;
  maxSockets?: number;
  logger?: Logger;
}

type Failure = { ok: false; failure: FailureClass; code: string; message: string };

const unsupported = (what: string): Failure => ({
  ok: false,
  failure: 'permanent',
  code: LEGACY_UNSUPPORTED,
  message: `the legacy API has no ${what}`,
});

/**
 * The legacy App Key API (qcloudsms, `yun.tim.qq.com/v5/tlssmssvr`) behind the same port as
 * the API 3.0 gateway: one number goes through `sendsms`, more through `sendmultisms2`, and
 * every legacy result is read through the same catalog (see shared/tencent-legacy-codes), so
 * the outbox's retry safety and every screen work unchanged. `ext` carries the outbox's
 * session context; receipts by number come from `pullstatus4mobile`.
 */
export class LegacyGateway extends LifecycleGateway implements SmsGateway, InboundGateway {
  readonly sdkAppId: string;
  readonly holdsBack = true;
  readonly endpoint: string;
  private readonly client: LegacyClient;
  private readonly logger: Logger | undefined;
  protected readonly calls: CallLifecycle;

  constructor(opts: LegacyGatewayOptions) {
    super();
    this.sdkAppId = opts.sdkAppId;
    this.logger = opts.logger;
    this.logger?.addSecret(opts.appKey);
    this.client = new LegacyClient({
      sdkAppId: opts.sdkAppId,
      appKey: opts.appKey,
      timeoutMs: opts.timeoutMs ?? LEGACY_DEFAULT_TIMEOUT_MS,
      ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
      ...(opts.maxSockets !== undefined ? { maxSockets: opts.maxSockets } : {}),
    });
    this.endpoint = this.client.endpoint;
    this.calls = new CallLifecycle({
      release: () => this.client.destroy(),
      secrets: [opts.appKey],
      logger: opts.logger,
      failureLog: 'legacy call failed',
    });
  }

  /** Runs one call; never throws, never leaks the App Key. */
  private call<T>(
    op: string,
    run: () => Promise<{ body: Record<string, unknown> }>,
    read: (body: Record<string, unknown>) => T,
    signal?: AbortSignal,
  ): Promise<CallOutcome<T>> {
    return this.calls.call({
      logFields: { op },
      signal,
      run: async () => read((await run()).body),
      heldBack: (err) => (err as { left?: unknown }).left === false,
    });
  }

  async sendSms(
    req: SendRequest,
    opts?: { signal?: AbortSignal; notBefore?: Promise<void>; beforeWire?: () => void },
  ): Promise<SendResult> {
    if (!/^\d{1,10}$/.test(req.templateId)) {
      // The legacy API takes numeric template IDs only; nothing was sent.
      return {
        kind: 'failed',
        failure: 'permanent',
        code: 'FailedOperation.TemplateIncorrectOrUnapproved',
        message: 'the legacy API needs a numeric template ID',
      };
    }
    const tels = req.phones.map(telOf);
    const ext = req.sessionContext ?? '';
    const r = await this.call(
      tels.length === 1 ? 'sendsms' : 'sendmultisms2',
      () =>
        this.client.send(
          tels,
          { tplId: Number(req.templateId), params: req.params, sign: req.signName ?? '', ext },
          {
            ...(opts?.signal ? { signal: opts.signal } : {}),
            ...(opts?.notBefore ? { notBefore: opts.notBefore } : {}),
            ...(opts?.beforeWire ? { beforeWire: opts.beforeWire } : {}),
          },
        ),
      (body) => readSend(req, body, ext),
      opts?.signal,
    );
    if (!r.ok) return { kind: 'failed', failure: r.failure, code: r.code, message: r.message };
    const v = r.value;
    if (v.kind === 'failed') {
      this.logger?.warn('legacy send refused', { code: v.code, failure: v.failure });
    }
    return v;
  }

  listSigns(_international: boolean): Promise<GatewayCallResult<SignInfo[]>> {
    return Promise.resolve(unsupported('sign list'));
  }

  listTemplates(_international: boolean): Promise<GatewayCallResult<TemplateInfo[]>> {
    return Promise.resolve(unsupported('template list'));
  }

  describeSendRecords(
    _phone: string,
    _begin: number,
    _end: number,
  ): Promise<GatewayCallResult<SendRecord[]>> {
    return Promise.resolve(unsupported('send record list'));
  }

  async pullStatusByPhone(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<StatusRecord[]>> {
    return this.pull(
      'pullstatus4mobile',
      () => this.client.pullForMobile(0, telOf(phone), toS(begin), toS(end), PULL_MAX),
      (d) => receiptOf(d, phone),
    );
  }

  pullStatus(limit: number): Promise<GatewayCallResult<StatusRecord[]>> {
    return this.pull(
      'pullstatus',
      () => this.client.pullQueue(0, Math.min(limit, PULL_MAX)),
      (d) => receiptOf(d, ''),
    );
  }

  pullReplies(limit: number): Promise<GatewayCallResult<ReplyRecord[]>> {
    return this.pull(
      'pullstatus',
      () => this.client.pullQueue(1, Math.min(limit, PULL_MAX)),
      (d) => replyOf(d, ''),
    );
  }

  pullRepliesByPhone(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<ReplyRecord[]>> {
    return this.pull(
      'pullstatus4mobile',
      () => this.client.pullForMobile(1, telOf(phone), toS(begin), toS(end), PULL_MAX),
      (d) => replyOf(d, phone),
    );
  }

  private async pull<T>(
    op: string,
    run: () => Promise<{ body: Record<string, unknown> }>,
    item: (d: Record<string, unknown>) => T,
  ): Promise<GatewayCallResult<T[]>> {
    const r = await this.call(op, run, (body) => readPull(body, item));
    if (!r.ok) return r;
    return r.value;
  }
}

const toS = (ms: number): number => Math.floor(ms / 1000);

const failedRequest = (code: string, message: string): SendResult => ({
  kind: 'failed',
  failure: classifyApiCode(code),
  code,
  message,
});

/**
 * Reads `sendsms` (`{result, errmsg, ext, sid, fee}`) and `sendmultisms2` (`{result, errmsg,
 * ext, detail[]}`) answers. A code about the request or the account fails the whole request;
 * any other code is that number's outcome. A multi answer without `detail` was processed but
 * says nothing per number: unknown, to be reconciled.
 */
function readSend(req: SendRequest, body: Record<string, unknown>, ext: string): SendResult {
  const top = readLegacyCode(body.result);
  const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
  if (!top) return failedUnreadable('response without a numeric result');
  if (top.request) return failedRequest(top.code, `${String(body.result)} ${errmsg}`);
  if (req.phones.length === 1) {
    return { kind: 'answered', requestId: '', results: [numberResult(req.phones[0]!, body, ext)] };
  }
  if (!Array.isArray(body.detail)) {
    if (top.code !== 'Ok') return failedRequest(top.code, `${String(body.result)} ${errmsg}`);
    return failedUnreadable('response without detail');
  }
  const details = body.detail.filter(
    (d): d is Record<string, unknown> => typeof d === 'object' && d !== null,
  );
  const paired = pairByPhone(req.phones, details, e164Of);
  return {
    kind: 'answered',
    requestId: '',
    results: req.phones.map((phone, i) => numberResult(phone, paired[i], ext)),
  };
}

function failedUnreadable(message: string): SendResult {
  return { kind: 'failed', failure: 'unknown', code: TRANSPORT_CODES.badResponse, message };
}

/** Reads a `pullstatus` / `pullstatus4mobile` answer (`{result, errmsg, count, data[]}`). */
function readPull<T>(
  body: Record<string, unknown>,
  item: (d: Record<string, unknown>) => T,
): GatewayCallResult<T[]> {
  const top = readLegacyCode(body.result);
  if (!top) {
    return {
      ok: false,
      failure: 'unknown',
      code: TRANSPORT_CODES.badResponse,
      message: 'pull response without a numeric result',
    };
  }
  if (top.code !== 'Ok') {
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    return {
      ok: false,
      failure: classifyApiCode(top.code),
      code: top.code,
      message: `${String(body.result)} ${errmsg}`,
    };
  }
  const data = Array.isArray(body.data) ? body.data : [];
  const out: T[] = [];
  for (const d of data) {
    if (typeof d === 'object' && d !== null) out.push(item(d as Record<string, unknown>));
  }
  return { ok: true, value: out };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function receiptOf(x: Record<string, unknown>, phone: string): StatusRecord {
  return {
    phone: typeof x.mobile === 'string' ? e164Of(x) : phone,
    serialNo: str(x.sid),
    sessionContext: str(x.ext),
    reportStatus: x.report_status === 'SUCCESS' ? 'SUCCESS' : 'FAIL',
    description: str(x.errmsg),
    receivedAt: beijingTimeMs(x.user_receive_time),
  };
}

function replyOf(x: Record<string, unknown>, phone: string): ReplyRecord {
  return {
    phone: typeof x.mobile === 'string' ? e164Of(x) : phone,
    text: str(x.text),
    sign: str(x.sign),
    extendCode: str(x.extend),
    repliedAt: beijingTimeMs(x.time),
  };
}
