import http from 'node:http';
import https from 'node:https';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import type {
  DescribeSendRecordListResponse,
  DescribeSignListStatus,
  DescribeTemplateListStatus,
  DescribeSmsSignListResponse,
  DescribeSmsTemplateListResponse,
  PullSmsSendStatusByPhoneNumberResponse,
  SendSmsResponse,
} from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_models';
import { TRANSPORT_CODES } from '../../../shared/tencent-errors';
import type { Logger } from '../kernel/log';
import { RequestGates } from './request-gate';
import { classifySdkError, redact, type ClassifiedFailure } from './classify';
import { matchStatuses, secondsToMs, statusOf, toSeconds } from './wire-records';
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
/** Tencent allows 200 numbers per SendSms; the outbox runs a few requests in parallel. */
const DEFAULT_MAX_SOCKETS = 8;
const PAGE = 100;
const IDLE_SOCKET_MS = 10_000;
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
export class TencentGateway implements SmsGateway {
  readonly sdkAppId: string;
  readonly holdsBack = true;
  readonly endpoint: string;
  private readonly client: SmsClient;
  private readonly agent: http.Agent;
  private readonly gates: RequestGates;
  private readonly secrets: string[];
  private readonly logger: Logger | undefined;
  private inFlight = 0;
  private closing = false;
  private drained: (() => void) | null = null;
  private readonly drainedPromise: Promise<void>;

  constructor(opts: TencentGatewayOptions) {
    this.sdkAppId = opts.sdkAppId;
    this.endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
    this.secrets = [opts.secretKey];
    this.logger = opts.logger;
    this.logger?.addSecret(opts.secretKey);
    const url = new URL(this.endpoint);
    const isHttps = url.protocol === 'https:';
    if (!isHttps && url.protocol !== 'http:') {
      throw new Error(`Unsupported endpoint protocol: ${url.protocol}`);
    }
    const agentOpts = {
      keepAlive: true,
      maxSockets: opts.maxSockets ?? DEFAULT_MAX_SOCKETS,
      maxFreeSockets: opts.maxSockets ?? DEFAULT_MAX_SOCKETS,
      scheduling: 'lifo' as const,
      // Only idle sockets are dropped at this timeout (requests have their own). A server that
      // silently closed an idle connection would otherwise make the next send fail with a reset
      // after it was written, which we must report as unknown.
      timeout: IDLE_SOCKET_MS,
    };
    this.agent = isHttps ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    this.gates = new RequestGates(this.agent);
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
    this.drainedPromise = new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  /** One API call through the promise form; never throws, never leaks the key. */
  private async call<T>(
    action: string,
    params: Record<string, unknown>,
    signal?: AbortSignal,
    notBefore?: Promise<void>,
  ): Promise<{ ok: true; value: T } | ({ ok: false } & ClassifiedFailure)> {
    if (this.closing) {
      return {
        ok: false,
        failure: 'retryable',
        code: TRANSPORT_CODES.gatewayClosed,
        message: 'gateway closed',
      };
    }
    if (signal?.aborted) {
      return {
        ok: false,
        failure: 'retryable',
        code: TRANSPORT_CODES.abortedBeforeSend,
        message: 'cancelled before sending',
      };
    }
    this.inFlight += 1;
    const gate = notBefore ? this.gates.open(notBefore, signal) : null;
    const callSignal = gate ? gate.signal : signal;
    try {
      const value = (await this.client.request(action, params, {
        ...(callSignal ? { signal: callSignal } : {}),
        ...(gate ? { headers: gate.headers } : {}),
      })) as T;
      return { ok: true, value };
    } catch (err) {
      if (gate && !gate.left()) {
        // Held at the pool and never given a socket: nothing of it was sent.
        return {
          ok: false,
          failure: 'retryable',
          code: TRANSPORT_CODES.abortedBeforeSend,
          message: 'held back before sending',
        };
      }
      const c = classifySdkError(err);
      const message = redact(c.message, this.secrets);
      this.logger?.warn('tencent call failed', {
        action,
        failure: c.failure,
        code: c.code,
        message,
      });
      return {
        ok: false,
        failure: c.failure,
        code: c.code,
        message,
        ...(c.requestId ? { requestId: c.requestId } : {}),
      };
    } finally {
      gate?.close();
      this.inFlight -= 1;
      if (this.closing && this.inFlight === 0) this.finish();
    }
  }

  async sendSms(
    req: SendRequest,
    opts?: { signal?: AbortSignal; notBefore?: Promise<void> },
  ): Promise<SendResult> {
    const params: Record<string, unknown> = {
      PhoneNumberSet: req.phones,
      SmsSdkAppId: this.sdkAppId,
      TemplateId: req.templateId,
      TemplateParamSet: req.params,
    };
    if (req.signName !== undefined) params.SignName = req.signName;
    if (req.sessionContext !== undefined) params.SessionContext = req.sessionContext;
    const r = await this.call<SendSmsResponse>('SendSms', params, opts?.signal, opts?.notBefore);
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
      {
        BeginTime: toSeconds(begin),
        EndTime: toSeconds(end),
        Offset: 0,
        Limit: PAGE,
        PhoneNumber: phone,
        SmsSdkAppId: this.sdkAppId,
      },
    );
    if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
    return {
      ok: true,
      value: (r.value.PullSmsSendStatusSet ?? []).map((s) => ({
        phone: s.PhoneNumber ?? phone,
        serialNo: s.SerialNo ?? '',
        sessionContext: s.SessionContext ?? '',
        reportStatus: s.ReportStatus === 'SUCCESS' ? 'SUCCESS' : 'FAIL',
        description: s.Description ?? '',
        receivedAt: secondsToMs(s.UserReceiveTime),
      })),
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

  /** Stops taking calls; sockets go once the calls in flight have their answers. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (this.inFlight === 0) this.finish();
  }

  /** close() and wait until the last call in flight has finished. */
  async closeGracefully(): Promise<void> {
    this.close();
    await this.drainedPromise;
  }

  /** Closes now: calls still in flight fail (as unknown: they may have been sent). */
  destroy(): void {
    this.closing = true;
    this.finish();
  }

  private finish(): void {
    this.agent.destroy();
    this.drained?.();
    this.drained = null;
  }
}
