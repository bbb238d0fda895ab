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
      const out = await exports.save(exports.stampedName('history'), (file) => {
        const { csv, count } = svc.csv(input.filter, input.language);
        file.write(csv);
        return count;
      });
      return { path: out.path, count: out.rows };
    },
  };
}
