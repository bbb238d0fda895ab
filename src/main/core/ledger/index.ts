import type { WorkerRunner } from '../kernel/worker-run';
/**
 * The ledger room: per-number sends and blocks (repo.ts), the cooldown queries over them
 * (service.ts) and the `cooldown.*` calls (handlers.ts); the frequency math is in src/shared.
 */
import type { FrequencyRules } from '../../../shared/domain';
import type { Clock } from '../kernel/clock';
import type { Db } from '../store/db';
import { LedgerRepo, type UnfoldedSends } from './repo';
import { LedgerService, type JournalFold } from './service';

export { createCooldownHandlers } from './handlers';
export { LedgerService, type JournalFold } from './service';
export {
  LedgerRepo,
  contentKeyOf,
  type LedgerScope,
  type PhoneHistory,
  type SendEntry,
  type UnfoldedSends,
} from './repo';

export interface LedgerRoomDeps {
  db: Db;
  clock: Clock;
  /** Accepted sends not yet folded into the ledger's table (the send journal's overlay). */
  unfolded?: UnfoldedSends;
  /** Folds the send journal before every query. */
  reads?: JournalFold;
  currentSdkAppId?: () => Promise<string>;
  rules?: () => FrequencyRules;
  workers?: WorkerRunner;
}

export function createLedgerRoom(deps: LedgerRoomDeps): LedgerService {
  return new LedgerService({
    repo: new LedgerRepo(deps.db, deps.unfolded),
    clock: deps.clock,
    ...(deps.reads ? { reads: deps.reads } : {}),
    ...(deps.currentSdkAppId ? { currentSdkAppId: deps.currentSdkAppId } : {}),
    ...(deps.rules ? { rules: deps.rules } : {}),
    ...(deps.workers ? { workers: deps.workers } : {}),
  });
}
