import { toCsv } from '../../../shared/csv';
import type { ExportWriter } from '../files';
import type { HandlerGroup } from '../kernel/handlers';
import type { UsageService } from './service';

export type UsageCall =
  | 'usage.overview'
  | 'usage.balance'
  | 'usage.refreshBalance'
  | 'usage.stats'
  | 'usage.remoteStats'
  | 'usage.prices'
  | 'usage.setPrices'
  | 'usage.preflight'
  | 'usage.jobCost'
  | 'usage.exportTable';

export function createUsageHandlers(
  svc: UsageService,
  exports: ExportWriter,
): HandlerGroup<UsageCall> {
  return {
    'usage.overview': () => svc.overview(),
    'usage.balance': async () => {
      const { sdkAppId: _app, ...balance } = await svc.balance();
      return balance;
    },
    'usage.refreshBalance': () => svc.refreshBalance(),
    'usage.stats': (input) => svc.stats(input.range, input.granularity),
    'usage.remoteStats': (input) => svc.remoteStats(input.range),
    'usage.prices': () => svc.prices(),
    'usage.setPrices': (input) => svc.setPrices(input),
    'usage.preflight': (input) => svc.preflight(input.jobId),
    'usage.jobCost': (input) => svc.jobCost(input.jobId),
    // The page sends the table it shows (already in the user's language); CSV with BOM and
    // formula-safe cells comes from the one shared writer.
    'usage.exportTable': async (input) => {
      const out = await exports.save(exports.stampedName(`stats-${input.name}`), (file) => {
        file.write(toCsv(input.header, input.rows));
        return input.rows.length;
      });
      return { path: out.path, count: out.rows };
    },
  };
}
