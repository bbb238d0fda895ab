/**
 * The gateway port: what the rest of core needs from Tencent Cloud SMS. One implementation
 * runs the real SDK (against Tencent, or against the local emulator in practice mode and tests).
 */

export type Outcome = 'sent' | 'failed' | 'unknown';

export interface SendRequest {
  /** E.164 numbers, at most 200, all mainland or all international. */
  phones: string[];
  templateId: string;
  /** Required for mainland numbers. */
  signName?: string;
  params: string[];
  /** Echoed back by Tencent; we use `job:row` style tags to correlate. < 512 bytes. */
  sessionContext?: string;
}

export interface NumberResult {
  phone: string;
  outcome: Outcome;
  /** Tencent's code: "Ok" on success. */
  code: string;
  message: string;
  serialNo: string;
  fee: number;
  sessionContext: string;
}

/**
 * `retryable`: nothing was sent (refused connection, DNS failure, any API error answer such as
 *   RequestLimitExceeded / InternalError / ServiceUnavailable, HTTP 503 / 429 / 500 from the front
 *   end, a call cancelled before it left, a gateway already replaced). `LimitExceeded.*` window
 *   codes are retryable too: read `describeTencentCode(code).retry === 'wait'` for "not yet".
 * `unknown`: the request may have been delivered (timeout, reset / socket hang up, non-JSON or
 *   Response-less 200, HTTP 502 / 504, cancelled in flight, InternalError.Timeout /
 *   SendAndRecvFail). Reconcile before any retry.
 * `permanent`: auth, configuration or parameter errors: do not retry.
 * `code` is Tencent's code or one of TRANSPORT_CODES (src/shared/tencent-errors.ts); every code
 * has a catalog entry there. `message` is for logs (never contains the SecretKey), not for users.
 */
export type FailureClass = 'retryable' | 'unknown' | 'permanent';

export type SendResult =
  | { kind: 'answered'; requestId: string; results: NumberResult[] }
  | { kind: 'failed'; failure: FailureClass; code: string; message: string; requestId?: string };

export interface SignInfo {
  signId: number;
  signName: string;
  international: boolean;
  status: 'approved' | 'reviewing' | 'pending' | 'rejected';
  reviewReply: string;
  createdAt: number;
}

export interface TemplateInfo {
  templateId: string;
  name: string;
  content: string;
  international: boolean;
  status: 'approved' | 'reviewing' | 'pending' | 'rejected';
  reviewReply: string;
  createdAt: number;
}

/** One entry of PullSmsSendStatusByPhoneNumber (delivery receipt). */
export interface StatusRecord {
  phone: string;
  serialNo: string;
  sessionContext: string;
  reportStatus: 'SUCCESS' | 'FAIL';
  description: string;
  /** ms since epoch. */
  receivedAt: number;
}

/** One entry of DescribeSendRecordList. */
export interface SendRecord {
  phone: string;
  serialNo: string;
  /** 1 submit failed, 2 delivered, 3 sending, 4 delivery failed. */
  sendStatus: number;
  requestCode: string;
  /** ms since epoch. */
  sentAt: number;
}

export type GatewayCallResult<T> =
  { ok: true; value: T } | { ok: false; failure: FailureClass; code: string; message: string };

export interface SmsGateway {
  readonly sdkAppId: string;
  /** Honours `notBefore` in `sendSms`; callers wait for the promise themselves otherwise. */
  readonly holdsBack?: boolean;
  /**
   * `notBefore`: the request may be prepared at once, but nothing of it reaches the network
   * before the promise resolves; if it rejects, nothing is sent (`failed`, retryable,
   * `Aborted.BeforeSend`).
   */
  sendSms(
    req: SendRequest,
    opts?: {
      signal?: AbortSignal;
      notBefore?: Promise<void>;
      /**
       * With `notBefore` on a gateway that `holdsBack`: runs at the last moment before the
       * request's first byte is written; if it throws, nothing is sent (as for `notBefore`).
       */
      beforeWire?: () => void;
    },
  ): Promise<SendResult>;
  listSigns(international: boolean): Promise<GatewayCallResult<SignInfo[]>>;
  listTemplates(international: boolean): Promise<GatewayCallResult<TemplateInfo[]>>;
  /** Receipts for one number in [begin, end] (ms); Tencent keeps 7 days. */
  pullStatusByPhone(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<StatusRecord[]>>;
  /** Send records for one number in [begin, end] (ms); Tencent keeps 72 h. */
  describeSendRecords(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<SendRecord[]>>;
  close(): void;
}
