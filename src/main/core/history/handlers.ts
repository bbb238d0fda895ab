import type { ExportWriter } from '../files';
import type { HandlerGroup } from '../kernel/handlers';
import type { HistoryService } from './service';

export function createHistoryHandlers(
  svc: HistoryService,
  exports: ExportWriter,
): HandlerGroup<'history.list' | 'history.export'> {
  return {
    'history.list': (input) => svc.list(input.filter, input.offset, input.limit),
    'history.export': async (input) => {
      const out = await exports.saveAsync(exports.stampedName('history'), (file) =>
        svc.export(file, input.filter, input.language),
      );
      return { path: out.path, count: out.rows };
    },
  };
}
