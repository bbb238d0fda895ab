import type { GatewayCallResult } from './types';

/**
 * The usage port: package balance and Tencent's own statistics. Apart from `SmsGateway` so the
 * many send-path fakes need not implement it; a gateway that has it says so with `usage`.
 */

/** One SmsPackagesStatistics entry. Times are ms since epoch. */
export interface PackageInfo {
  packageId: number;
  type: 'gift' | 'purchased';
  /** Segments bought or given. */
  amount: number;
  /** Segments used so far. */
  used: number;
  createdAt: number;
  effectiveAt: number;
  expiresAt: number;
}

/** SendStatusStatistics for a window: numbers submitted, accepted, segments billed. */
export interface SendStats {
  requestCount: number;
  requestSuccessCount: number;
  feeCount: number;
}

/** CallbackStatusStatistics for a window (≤ 32 days): receipts by outcome. */
export interface CallbackStats {
  callbackCount: number;
  requestSuccessCount: number;
  callbackFailCount: number;
  callbackSuccessCount: number;
  internalErrorCount: number;
  invalidNumberCount: number;
  shutdownErrorCount: number;
  blackListCount: number;
  frequencyLimitCount: number;
}

export interface UsageGateway {
  readonly sdkAppId: string;
  /** Packages created in [begin, end] (ms, whole Beijing hours), every page. */
  packages(begin: number, end: number): Promise<GatewayCallResult<PackageInfo[]>>;
  sendStats(begin: number, end: number): Promise<GatewayCallResult<SendStats>>;
  callbackStats(begin: number, end: number): Promise<GatewayCallResult<CallbackStats>>;
}

/** The usage side of a gateway, when it has one (the legacy App Key API does not). */
export function usageOf(gateway: object): UsageGateway | null {
  const u = (gateway as { usage?: unknown }).usage;
  return typeof u === 'object' && u !== null ? (u as UsageGateway) : null;
}
