import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallOutput, ParsedInput } from '../../../shared/api';
import type { Clock } from '../clock';
import type { HandlerGroup } from '../handlers';
import type { JournalReads } from '../outbox';
import type { Db } from '../store/db';
import { exportJobRows } from './service';

export interface BatchDeps {
  db: Db;
  dataDir: string;
  clock: Clock;
  /** Exports read the rows through the journal's read model. */
  reads: JournalReads;
  /** The imports room's own `import.exportProblems` (problem exports delegate to it). */
  exportProblems(
    input: ParsedInput<'import.exportProblems'>,
  ): CallOutput<'import.exportProblems'> | Promise<CallOutput<'import.exportProblems'>>;
}

export function createBatchHandlers(
  deps: BatchDeps,
): HandlerGroup<'batch.exportResults' | 'batch.exportProblems'> {
  return {
    'batch.exportResults': ({ jobId, states, language }) =>
      deps.reads.read(() =>
        exportJobRows(deps.db, deps.dataDir, {
          jobId,
          ...(states ? { states } : {}),
          language,
          now: deps.clock.now(),
        }),
      ),
    'batch.exportProblems': async ({ importId }) => {
      const dir = join(deps.dataDir, 'exports');
      mkdirSync(dir, { recursive: true });
      const stamp = new Date(deps.clock.now() + 8 * 3600_000)
        .toISOString()
        .slice(0, 19)
        .replace(/[-:T]/g, '');
      const path = join(dir, `problems-${importId}-${stamp}.csv`);
      const out = await deps.exportProblems({ importId, path });
      return { path: out.path, rows: out.rows };
    },
  };
}
