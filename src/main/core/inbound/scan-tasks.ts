import type { WorkerContext } from '../kernel/worker-protocol';
import { InboundRepo, type PendingNumber } from './repo';

/** The receipts room's scans of sent rows, on a worker's connection (service.ts `scan`). */
export const inboundScanTasks = {
  'inbound.waitingNumbers': (
    r: { sdkAppId: string; from: number; before: number; limit: number },
    ctx: WorkerContext,
  ): PendingNumber[] =>
    new InboundRepo(ctx.db).waitingNumbers(r.sdkAppId, r.from, r.before, r.limit),
  'inbound.anyWaitingSince': (
    r: { sdkAppId: string; since: number },
    ctx: WorkerContext,
  ): boolean => new InboundRepo(ctx.db).anyWaitingSince(r.sdkAppId, r.since),
};
