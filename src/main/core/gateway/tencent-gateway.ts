import type http from 'node:http';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import type {
  DescribeSendRecordListResponse,
  DescribeSignListStatus,
  DescribeTemplateListStatus,
  DescribeSmsSignListResponse,
  DescribeSmsTemplateListResponse,
  PullSmsReplyStatus,
  PullSmsReplyStatusResponse,
  PullSmsSendStatus,
  PullSmsSendStatusByPhoneNumberResponse,
  PullSmsSendStatusResponse,
  SendSmsResponse,
} from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_models';
import { TRANSPORT_CODES } from '../../../shared/tencent-errors';
import type { Logger } from '../kernel/log';
import { createApiAgent } from './api-agent';
import { CallLifecycle, LifecycleGateway, type CallOutcome } from './call-lifecycle';
import { RequestGates, type Gate } from './request-gate';
import { matchStatuses, secondsToMs, statusOf, toSeconds } from './wire-records';
import type { InboundGateway, ReplyRecord } from './inbound-types';
import { tencentUsage } from './tencent-usage';
import type { UsageGateway } from './usage-types';
import type {
  GatewayCallResult,
  SendRecord,
  SendRequest,
  SendResult,
  SignInfo,
  SmsGateway,
  StatusRecord,
  TemplateInfo,
} from './types';

export const DEFAULT_ENDPOINT = 'https://sms.tencentcloudapi.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
const PAGE = 100;
/** A runaway paging loop would hit Describe*List's 20 QPS limit; no real account has 5000 templates. */
const MAX_PAGES = 50;

export interface TencentGatewayOptions {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  region: string;
  /** 'https://sms.tencentcloudapi.com' (default) or e.g. 'http://127.0.0.1:PORT' (emulator). */
  endpoint?: string;
  /** Whole-request timeout; after it a SendSms is `unknown` (it may have been sent). */
  timeoutMs?: number;
  /** Concurrent connections to the API. */
  maxSockets?: number;
  logger?: Logger;
}

type SmsClient = InstanceType<typeof sms.v20210111.Client>;

/**
 * The one way SMS Desk talks to Tencent Cloud SMS: the official SDK, with our own agent (so an
 * inherited http_proxy never captures loopback traffic and sockets are reused), the promise
 * form of `request` only (the callback form rejects twice), and every outcome typed.
 */
export class TencentGateway extends LifecycleGateway implements SmsGateway, InboundGateway {
  readonly sdkAppId: string;
  readonly holdsBack = true;
  readonly endpoint: string;
  private readonly client: SmsClient;
  private readonly agent: http.Agent;
  private readonly gates: RequestGates;
  protected readonly calls: CallLifecycle;
  /** Package balance and Tencent's statistics (usage-types.ts), on the same call path. */
  readonly usage: UsageGateway;

  constructor(opts: TencentGatewayOptions) {
    super();
    this.sdkAppId = opts.sdkAppId;
    this.endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
    opts.logger?.addSecret(opts.secretKey);
    const { url, agent } = createApiAgent(this.endpoint, opts.maxSockets);
    this.agent = agent;
    this.calls = new CallLifecycle({
      release: () => this.agent.destroy(),
      secrets: [opts.secretKey],
      logger: opts.logger,
      failureLog: 'tencent call failed',
    });
    this.gates = new RequestGates(this.agent);
    this.usage = tencentUsage(this.sdkAppId, (action, params) => this.call(action, params));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new sms.v20210111.Client({
      credential: { secretId: opts.secretId, secretKey: opts.secretKey },
      region: opts.region,
      profile: {
        signMethod: 'TC3-HMAC-SHA256',
        httpProfile: {
          endpoint: url.host,
          protocol: `${url.protocol}//`,
          reqMethod: 'POST',
          // The SDK takes seconds and multiplies by 1000 for node-fetch; fractions are fine.
          reqTimeout: timeoutMs / 1000,
          agent: this.agent,
        },
      },
    });
  }

  /** One API call through the promise form; never throws, never leaks the key. */
  private call<T>(
    action: string,
    params: Record<string, unknown>,
    signal?: AbortSignal,
    notBefore?: Promise<void>,
    beforeWire?: () => void,
  ): Promise<CallOutcome<T>> {
    let gate: Gate | null = null;
    return this.calls.call({
      logFields: { action },
      signal,
      run: async () => {
        gate = notBefore ? this.gates.open(notBefore, signal, beforeWire) : null;
        const callSignal = gate ? gate.signal : signal;
        return (await this.client.request(action, params, {
          ...(callSignal ? { signal: callSignal } : {}),
          ...(gate ? { headers: gate.headers } : {}),
        })) as T;
      },
      // Held at the pool and never given a socket: nothing of it was sent.
      heldBack: () => gate !== null && !gate.left(),
      cleanup: () => gate?.close(),
    });
  }

  async sendSms(
    req: SendRequest,
    opts?: { signal?: AbortSignal; notBefore?: Promise<void>; beforeWire?: () => void },
  ): Promise<SendResult> {
    const params: Record<string, unknown> = {
      PhoneNumberSet: req.phones,
      SmsSdkAppId: this.sdkAppId,
      TemplateId: req.templateId,
      TemplateParamSet: req.params,
    };
    if (req.signName !== undefined) params.SignName = req.signName;
    if (req.sessionContext !== undefined) params.SessionContext = req.sessionContext;
    const r = await this.call<SendSmsResponse>(
      'SendSms',
      params,
      opts?.signal,
      opts?.notBefore,
      opts?.beforeWire,
    );
    if (!r.ok) {
      return {
        kind: 'failed',
        failure: r.failure,
        code: r.code,
        message: r.message,
        ...(r.requestId ? { requestId: r.requestId } : {}),
      };
    }
    const set = r.value.SendStatusSet;
    const requestId = r.value.RequestId ?? '';
    if (!Array.isArray(set)) {
      // Processed, but we cannot see what happened to any number.
      return {
        kind: 'failed',
        failure: 'unknown',
        code: TRANSPORT_CODES.badResponse,
        message: 'response without SendStatusSet',
        requestId,
      };
    }
    return { kind: 'answered', requestId, results: matchStatuses(req, set) };
  }

  async listSigns(international: boolean): Promise<GatewayCallResult<SignInfo[]>> {
    return this.paged<DescribeSmsSignListResponse, DescribeSignListStatus, SignInfo>(
      'DescribeSmsSignList',
      international,
      (r) => r.DescribeSignListStatusSet ?? [],
      (s) => ({
        signId: s.SignId ?? 0,
        signName: s.SignName ?? '',
        international,
        status: statusOf(s.StatusCode),
        reviewReply: s.ReviewReply ?? '',
        createdAt: secondsToMs(s.CreateTime),
      }),
    );
  }

  async listTemplates(international: boolean): Promise<GatewayCallResult<TemplateInfo[]>> {
    return this.paged<DescribeSmsTemplateListResponse, DescribeTemplateListStatus, TemplateInfo>(
      'DescribeSmsTemplateList',
      international,
      (r) => r.DescribeTemplateStatusSet ?? [],
      (t) => ({
        templateId: String(t.TemplateId ?? ''),
        name: t.TemplateName ?? '',
        content: t.TemplateContent ?? '',
        international,
        status: statusOf(t.StatusCode),
        reviewReply: t.ReviewReply ?? '',
        createdAt: secondsToMs(t.CreateTime),
      }),
    );
  }

  private async paged<R, I, T>(
    action: string,
    international: boolean,
    items: (r: R) => I[],
    map: (x: I) => T,
  ): Promise<GatewayCallResult<T[]>> {
    const out: T[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.call<R>(action, {
        International: international ? 1 : 0,
        Limit: PAGE,
        Offset: page * PAGE,
      });
      if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
      const batch = items(r.value);
      for (const x of batch) out.push(map(x));
      if (batch.length < PAGE) break;
    }
    return { ok: true, value: out };
  }

  async pullStatusByPhone(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<StatusRecord[]>> {
    // Offset is documented as fixed at 0: one page of at most 100 receipts per call.
    const r = await this.call<PullSmsSendStatusByPhoneNumberResponse>(
      'PullSmsSendStatusByPhoneNumber',
      this.byPhone(phone, begin, end),
    );
    if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
    return {
      ok: true,
      value: (r.value.PullSmsSendStatusSet ?? []).map((s) => receiptOf(s, phone)),
    };
  }

  async pullStatus(limit: number): Promise<GatewayCallResult<StatusRecord[]>> {
    const r = await this.call<PullSmsSendStatusResponse>('PullSmsSendStatus', {
      Limit: Math.min(limit, PAGE),
      SmsSdkAppId: this.sdkAppId,
    });
    if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
    return { ok: true, value: (r.value.PullSmsSendStatusSet ?? []).map((s) => receiptOf(s, '')) };
  }

  async pullReplies(limit: number): Promise<GatewayCallResult<ReplyRecord[]>> {
    const r = await this.call<PullSmsReplyStatusResponse>('PullSmsReplyStatus', {
      Limit: Math.min(limit, PAGE),
      SmsSdkAppId: this.sdkAppId,
    });
    if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
    return { ok: true, value: (r.value.PullSmsReplyStatusSet ?? []).map((x) => replyOf(x, '')) };
  }

  async pullRepliesByPhone(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<ReplyRecord[]>> {
    const r = await this.call<PullSmsReplyStatusResponse>(
      'PullSmsReplyStatusByPhoneNumber',
      this.byPhone(phone, begin, end),
    );
    if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
    return { ok: true, value: (r.value.PullSmsReplyStatusSet ?? []).map((x) => replyOf(x, phone)) };
  }

  private byPhone(phone: string, begin: number, end: number): Record<string, unknown> {
    return {
      BeginTime: toSeconds(begin),
      EndTime: toSeconds(end),
      Offset: 0,
      Limit: PAGE,
      PhoneNumber: phone,
      SmsSdkAppId: this.sdkAppId,
    };
  }

  async describeSendRecords(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<SendRecord[]>> {
    const out: SendRecord[] = [];
    const limit = 50;
    // Tencent caps Offset at 1000.
    for (let offset = 0; offset <= 1000; offset += limit) {
      const r = await this.call<DescribeSendRecordListResponse>('DescribeSendRecordList', {
        PhoneNumber: phone,
        SmsSdkAppId: this.sdkAppId,
        BeginTime: toSeconds(begin),
        EndTime: toSeconds(end),
        Limit: limit,
        Offset: offset,
      });
      if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
      const set = r.value.SendRecordSet ?? [];
      for (const s of set) {
        out.push({
          phone: s.PhoneNumber ?? phone,
          serialNo: s.SerialNo ?? '',
          sendStatus: s.SendStatus ?? 0,
          requestCode: s.RequestCode ?? '',
          sentAt: secondsToMs(s.SendTime),
        });
      }
      if (set.length < limit) break;
    }
    return { ok: true, value: out };
  }
}

function receiptOf(s: PullSmsSendStatus, phone: string): StatusRecord {
  return {
    phone: s.PhoneNumber ?? phone,
    serialNo: s.SerialNo ?? '',
    sessionContext: s.SessionContext ?? '',
    reportStatus: s.ReportStatus === 'SUCCESS' ? 'SUCCESS' : 'FAIL',
    description: s.Description ?? '',
    receivedAt: secondsToMs(s.UserReceiveTime),
  };
}

function replyOf(x: PullSmsReplyStatus, phone: string): ReplyRecord {
  return {
    phone: x.PhoneNumber || phone,
    text: x.ReplyContent ?? '',
    sign: x.SignName ?? '',
    extendCode: x.ExtendCode ?? '',
    repliedAt: secondsToMs(x.ReplyTime),
  };
}
