import type { WorkerContext, WorkerTask } from './kernel/worker-protocol';
import { validImportRows } from './imports/valid-rows';
import { createJobFromImport, type CreateFromImportRequest } from './outbox/create-from-import';
import { importWorkerTasks } from './imports/worker-tasks';
import { problemsExportWorkerTasks } from './imports/export';
import { batchWorkerTasks } from './batch/worker-tasks';
import { historyWorkerTasks } from './history/export';
import { historyListWorkerTasks } from './history/list-task';
import { usageWorkerTasks } from './usage/rollup';
import { jobCostWorkerTasks } from './usage/job-cost';
import {
  DELIVERY_PER_DAY_TASK,
  JOB_DELIVERY_TASK,
  type DeliveryPerDayRequest,
  type JobDeliveryRequest,
} from './usage/delivery';
import { InboundRepo } from './inbound/repo';
import { inboundScanTasks } from './inbound/scan-tasks';
import { optOutWorkerTasks } from './optout/import';
import { storeWorkerTasks } from './store/checkpoints';
import { backupWorkerTasks } from './store/backup';
import { ledgerWorkerTasks } from './ledger/list-task';
import { planWorkerTasks } from './outbox/plan-task';

/** Every task a worker thread can run, by name. Each room lists its own. */
export const workerTasks: Readonly<Record<string, WorkerTask>> = {
  ...importWorkerTasks,
  ...optOutWorkerTasks,
  ...storeWorkerTasks,
  ...backupWorkerTasks,
  ...ledgerWorkerTasks,
  ...inboundScanTasks,
  ...problemsExportWorkerTasks,
  ...batchWorkerTasks,
  ...historyWorkerTasks,
  ...historyListWorkerTasks,
  ...usageWorkerTasks,
  ...jobCostWorkerTasks,
  ...planWorkerTasks,
  // Two rooms meet here, as in the composition root: the outbox's job from the import's rows.
  'job.createFromImport': (req: CreateFromImportRequest, ctx: WorkerContext) =>
    createJobFromImport(ctx.db, req, function* (importId) {
      for (const r of validImportRows(ctx.db, importId))
        yield { rowNo: r.rowNumber, phone: r.phone, params: r.params };
    }),
  // The statistics' receipts per day, counted by the receipts room's own query.
  [DELIVERY_PER_DAY_TASK]: (req: DeliveryPerDayRequest, ctx: WorkerContext) =>
    new InboundRepo(ctx.db).countsPerDay(req.sdkAppId, req.fromMs, req.toMs, req.now),
  // And one job's, for the 概览 card.
  [JOB_DELIVERY_TASK]: (req: JobDeliveryRequest, ctx: WorkerContext) =>
    new InboundRepo(ctx.db).countsForJob(req.jobId, req.now),
};
