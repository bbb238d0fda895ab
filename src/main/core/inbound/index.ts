/**
 * The inbound room: delivery receipts and customer replies, pulled from Tencent (service.ts),
 * stored durably (repo.ts), and the questions other rooms ask of them: `countsPerDay`,
 * `countsForJob` (statistics) and `receiptsFor` (crash reconcile).
 */
export { InboundService, INBOUND_TIMING, type InboundTiming, type CycleResult } from './service';
export { InboundRepo, type DayCounts, type JobCounts } from './repo';
export { createInboundHandlers } from './handlers';
export { DELIVERY_EXPR, RECEIPT_JOIN, RECEIPT_HORIZON_MS, type DeliveryState } from './receipt-sql';
