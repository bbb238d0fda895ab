import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreContext } from '../index';
import type { HandlerGroup, Handlers } from '../handlers';
import { exportJobRows } from './export';

export { exportJobRows } from './export';

/**
 * `handlers` is read lazily: problem exports delegate to the imports room's own
 * `import.exportProblems`, which only exists once createCore has assembled every group.
 */
export function createBatchHandlers(
  ctx: CoreContext,
  handlers: () => Handlers,
): HandlerGroup<'batch.exportResults' | 'batch.exportProblems'> {
  return {
    'batch.exportResults': ({ jobId, states, language }) =>
      exportJobRows(ctx.db, ctx.dataDir, {
        jobId,
        ...(states ? { states } : {}),
        language,
        now: ctx.clock.now(),
      }),
    'batch.exportProblems': async ({ importId }) => {
      const dir = join(ctx.dataDir, 'exports');
      mkdirSync(dir, { recursive: true });
      const stamp = new Date(ctx.clock.now() + 8 * 3600_000)
        .toISOString()
        .slice(0, 19)
        .replace(/[-:T]/g, '');
      const path = join(dir, `problems-${importId}-${stamp}.csv`);
      const out = await handlers()['import.exportProblems']({ importId, path });
      return { path: out.path, rows: out.rows };
    },
  };
}
