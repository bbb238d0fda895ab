/**
 * The receipts room's answer to "how did it arrive", as the statistics need it. The receipts
 * lane implements this port; until it is wired, `noReceipts` answers and the page says
 * 暂无回执数据 (no receipt data) instead of a made-up delivery rate.
 */
export interface DeliveryCounts {
  /** Per Asia/Shanghai day (YYYY-MM-DD) in [fromMs, toMs). */
  countsPerDay(sdkAppId: string, fromMs: number, toMs: number): DayCounts[];
  countsForJob(jobId: number): {
    delivered: number;
    failed: number;
    waiting: number;
    expired: number;
  };
}

export interface DayCounts {
  day: string;
  delivered: number;
  failed: number;
  waiting: number;
}

/**
 * The worker task that answers `countsPerDay` over many rows with its own connection. The
 * receipts room's repo does the counting; worker-tasks.ts, where rooms meet, wires it.
 */
export const DELIVERY_PER_DAY_TASK = 'usage.deliveryPerDay';

export interface DeliveryPerDayRequest {
  sdkAppId: string;
  fromMs: number;
  toMs: number;
  /** The business clock: receipts older than the horizon count as expired. */
  now: number;
}

export const noReceipts: DeliveryCounts & { readonly none: true } = {
  none: true,
  countsPerDay: () => [],
  countsForJob: () => ({ delivered: 0, failed: 0, waiting: 0, expired: 0 }),
};

export const hasReceipts = (d: DeliveryCounts): boolean => !('none' in d);
