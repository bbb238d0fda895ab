/**
 * What a job's rows cost: the pre-flight of a job about to start and the estimate of one sent.
 * Both read every row of the job, which for a job made from a million-row list took the main
 * thread seconds, so the service runs them in a worker thread for a long job (`jobCostWorkerTasks`).
 */
import { billedSegments } from '../../../shared/segments';
import { addCost, emptyCost, type CostTotal, type PriceTable } from '../../../shared/usage/cost';
import type { WorkerContext } from '../kernel/worker-protocol';
import type { Db } from '../store/db';

export const PREFLIGHT_ROWS_TASK = 'usage.preflightRows';
export const SENT_COST_TASK = 'usage.sentCost';

export interface PreflightRowsRequest {
  jobId: number;
  /** Segments the packages have left; null when unknown. */
  remaining: number | null;
  prices: PriceTable;
}

export interface PreflightRows {
  rows: number;
  segments: number;
  cost: CostTotal;
  packageSegments: number;
  rowsBeforeEmpty: number | null;
}

export interface SentCostRequest {
  jobId: number;
  prices: PriceTable;
}

/** Only the three figures: `addCost` keeps nothing else, but the contract is strict. */
const plain = (c: CostTotal): CostTotal => ({
  units: c.units,
  segments: c.segments,
  unpricedSegments: c.unpricedSegments,
});

/** Segments and cost of the rows still to send, and how many go before the packages run out. */
export function preflightRows(db: Db, req: PreflightRowsRequest): PreflightRows {
  const cost = emptyCost();
  let rows = 0;
  let packageSegments = 0;
  let rowsBeforeEmpty: number | null = null;
  const pending = db
    .prepare(
      `SELECT phone, rendered FROM job_rows WHERE job_id = ? AND state IN ('pending', 'held')
       ORDER BY row_no`,
    )
    .iterate(req.jobId) as IterableIterator<{ phone: string; rendered: string }>;
  for (const r of pending) {
    const i = rows++;
    const mainland = r.phone.startsWith('+86');
    const segments = billedSegments(r.rendered, { international: !mainland });
    addCost(cost, r.phone, segments, req.prices);
    // Packages here pay for mainland messages; the API does not tell the two kinds apart.
    if (!mainland) continue;
    packageSegments += segments;
    if (rowsBeforeEmpty === null && req.remaining !== null && packageSegments > req.remaining) {
      rowsBeforeEmpty = i;
    }
  }
  return { rows, segments: cost.segments, cost: plain(cost), packageSegments, rowsBeforeEmpty };
}

/** Estimated cost of a job's sent rows, from the segments Tencent billed each. */
export function sentCost(db: Db, req: SentCostRequest): CostTotal {
  const cost = emptyCost();
  const sent = db
    .prepare(
      "SELECT phone, COALESCE(fee, 0) AS fee FROM job_rows WHERE job_id = ? AND state = 'sent'",
    )
    .iterate(req.jobId) as IterableIterator<{ phone: string; fee: number }>;
  for (const r of sent) addCost(cost, r.phone, r.fee, req.prices);
  return plain(cost);
}

export const jobCostWorkerTasks = {
  [PREFLIGHT_ROWS_TASK]: (req: PreflightRowsRequest, ctx: WorkerContext) =>
    preflightRows(ctx.db, req),
  [SENT_COST_TASK]: (req: SentCostRequest, ctx: WorkerContext) => sentCost(ctx.db, req),
};
