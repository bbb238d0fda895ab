import type { HandlerGroup } from '../kernel/handlers';
import type { LedgerService } from './service';

export function createCooldownHandlers(
  ledger: LedgerService,
): HandlerGroup<'cooldown.query' | 'cooldown.list'> {
  return {
    'cooldown.query': (i) => ledger.cooldownQuery(i.phones),
    'cooldown.list': (i) => ledger.cooldownList(i.offset, i.limit),
  };
}
