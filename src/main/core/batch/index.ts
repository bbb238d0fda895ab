import type { CoreContext } from '../index';
import type { HandlerGroup, Handlers } from '../handlers';
import { assertJobExists, jobExportPrefix, writeJobRows } from './export';

export { writeJobRows } from './export';

/**
 * `handlers` is read lazily: problem exports delegate to the imports room's own
 * `import.exportProblems`, which only exists once createCore has assembled every group.
 */
export function createBatchHandlers(
  ctx: CoreContext,
  handlers: () => Handlers,
): HandlerGroup<'batch.exportResults' | 'batch.exportProblems'> {
  return {
    'batch.exportResults': ({ jobId, states, language }) => {
      assertJobExists(ctx.db, jobId);
      const name = ctx.exports.stampedName(jobExportPrefix(language, jobId));
      return ctx.exports.save(name, (file) =>
        writeJobRows(ctx.db, file, { jobId, ...(states ? { states } : {}), language }),
      );
    },
    'batch.exportProblems': ({ importId }) => handlers()['import.exportProblems']({ importId }),
  };
}
