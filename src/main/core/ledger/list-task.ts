import type { CooldownItem } from '../../../shared/api/cooldown';
import type { WorkerContext } from '../kernel/worker-protocol';
import { LedgerRepo } from './repo';
import { LedgerService, type CoolingListRequest } from './service';

export const ledgerWorkerTasks = {
  /**
   * A page of the numbers cooling down: with 100,000 of them, gathering and sorting the set
   * takes the thread ~100–200 ms. The caller folded the journal first, so nothing is unfolded.
   */
  'cooldown.list': (
    req: CoolingListRequest,
    ctx: WorkerContext,
  ): { items: CooldownItem[]; total: number } =>
    new LedgerService({ repo: new LedgerRepo(ctx.db), clock: { now: () => req.now } }).listCooling(
      req.scope,
      req.offset,
      req.limit,
      req.now,
    ),
};
