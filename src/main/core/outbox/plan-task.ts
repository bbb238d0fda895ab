import type { JobPlan } from '../../../shared/api/outbox';
import type { WorkerContext } from '../kernel/worker-protocol';
import { LedgerRepo, type LedgerScope } from '../ledger/repo';
import { LedgerService } from '../ledger/service';
import { planJob } from './job-plan';
import type { JobRecord } from './repo';

export const JOB_PLAN_TASK = 'job.plan';

export interface JobPlanRequest {
  job: JobRecord;
  scope: LedgerScope;
  now: number;
}

export const planWorkerTasks = {
  /**
   * A long job's pre-flight, off the main thread. The caller folded the journal first, so the
   * ledger's tables hold every send and this ledger needs no overlay of unfolded ones.
   */
  [JOB_PLAN_TASK]: (req: JobPlanRequest, ctx: WorkerContext): JobPlan =>
    planJob(
      ctx.db,
      new LedgerService({ repo: new LedgerRepo(ctx.db), clock: { now: () => req.now } }),
      req.job,
      req.scope,
      req.now,
    ),
};
