/** The usage room: package balance (repo.ts), prices and cost, statistics (rollup.ts, stats.ts). */
export { createUsageHandlers } from './handlers';
export { UsageService, problemOf } from './service';
export { noReceipts, type DeliveryCounts } from './delivery';
