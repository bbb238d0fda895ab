import type { HandlerGroup } from '../handlers';
import type { HistoryService } from './service';

export function createHistoryHandlers(
  svc: HistoryService,
): HandlerGroup<'history.list' | 'history.export'> {
  return {
    'history.list': (input) => svc.list(input.filter, input.offset, input.limit),
    'history.export': (input) => svc.export(input.filter, input.language),
  };
}
