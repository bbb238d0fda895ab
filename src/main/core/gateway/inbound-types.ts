import type { GatewayCallResult, StatusRecord } from './types';

/**
 * What comes back from Tencent after a send: delivery receipts and customer replies. A port of
 * its own (not part of SmsGateway) so the many SmsGateway fakes need not grow; both real
 * gateways implement it and the provider hands it out (`GatewayProvider.currentInbound`).
 */

/** One customer reply (PullSmsReplyStatus / legacy pullstatus type 1), stored as received. */
export interface ReplyRecord {
  /** E.164 when Tencent gave a country code, else as given. */
  phone: string;
  text: string;
  sign: string;
  extendCode: string;
  /** ms since epoch. */
  repliedAt: number;
}

export interface InboundGateway {
  readonly sdkAppId: string;
  /**
   * Queue mode: at most `limit` (≤100) receipts; Tencent hands out each receipt once, so the
   * caller stores them before it pulls again.
   */
  pullStatus(limit: number): Promise<GatewayCallResult<StatusRecord[]>>;
  /** Receipts of one number sent in [begin, end] (ms), non-destructive; 7 days back at most. */
  pullStatusByPhone(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<StatusRecord[]>>;
  /** Queue mode, once each, like `pullStatus`. */
  pullReplies(limit: number): Promise<GatewayCallResult<ReplyRecord[]>>;
  /** Replies of one number in [begin, end] (ms), non-destructive. */
  pullRepliesByPhone(
    phone: string,
    begin: number,
    end: number,
  ): Promise<GatewayCallResult<ReplyRecord[]>>;
}

/** Tencent's per-call maximum for every pull. */
export const PULL_LIMIT = 100;
